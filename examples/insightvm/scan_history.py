from scanner_operator.insightvm import InsightVMClient
client = InsightVMClient()

# Analyze scan history for a site
def analyze_scan_history(site_id, days=30):
    # Get recent scans
    scans = client.scans.get_site_scans(
        site_id=site_id,
        active=False,
        sort=["endTime,DESC"],
        size=100
    )
    
    # Analyze results
    total_scans = len(scans['resources'])
    total_assets = sum(s['assets'] for s in scans['resources'])
    
    print(f"Scan History for Site {site_id} (last {days} days):")
    print(f"Total scans: {total_scans}")
    print(f"Total assets scanned: {total_assets}")
    
    # Show recent scan durations
    if scans['resources']:
        print("\nRecent scan durations:")
        for scan in scans['resources'][:5]:
            duration = scan.get('duration', 'N/A')
            print(f"- {scan['scanName']}: {duration}")

analyze_scan_history(site_id=42)
