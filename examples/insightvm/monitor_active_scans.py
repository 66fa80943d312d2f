from scanner_operator.insightvm import InsightVMClient
client = InsightVMClient()

# Monitor all active scans
def monitor_active_scans():
    active = client.scans.get_active_scans()
    
    if not active:
        print("No scans currently running")
        return
    
    print(f"Monitoring {len(active)} active scans:")
    for scan in active:
        summary = client.scans.get_scan_summary(scan['id'])
        print(f"\n{summary['name']}:")
        print(f"  Status: {summary['status']}")
        print(f"  Assets: {summary['assets_scanned']}")
        print(f"  Engine: {summary['engine_name']}")
        print(f"  Started: {summary['start_time']}")

monitor_active_scans()
