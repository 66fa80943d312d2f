from scanner_operator.insightvm import InsightVMClient
client = InsightVMClient()

# Stop all running scans (emergency)
def emergency_stop_all():
    active = client.scans.get_active_scans()
    
    print(f"Stopping {len(active)} active scans...")
    
    stopped = []
    failed = []
    
    for scan in active:
        try:
            client.scans.stop_scan(scan['id'])
            stopped.append(scan['scanName'])
        except Exception as e:
            failed.append((scan['scanName'], str(e)))
    
    print(f"\nStopped: {len(stopped)} scans")
    print(f"Failed: {len(failed)} scans")
    
    if failed:
        print("\nFailed scans:")
        for name, error in failed:
            print(f"- {name}: {error}")

# Use with caution!
# emergency_stop_all()
