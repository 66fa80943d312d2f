from scanner_operator.insightvm import InsightVMClient
from datetime import datetime

# Weekly security audit workflow
def run_weekly_audit():
    client = InsightVMClient()
    
    # Start scan
    scan_id = client.scans.start_site_scan(
        site_id=42,
        scan_name=f"Weekly Audit {datetime.now().strftime('%Y-%m-%d')}",
        scan_template_id="full-audit-without-web-spider"
    )
    
    print(f"Started scan {scan_id}")
    
    # Wait for completion
    final_scan = client.scans.wait_for_scan_completion(
        scan_id=scan_id,
        poll_interval=300,  # Check every 5 minutes
        timeout=28800  # 8 hour max
    )
    
    # Get summary
    summary = client.scans.get_scan_summary(scan_id)
    
    # Report results
    print(f"Scan completed in {summary['duration']}")
    print(f"Found {summary['vulnerabilities']['critical']} critical vulnerabilities")
    
    return summary

# Run the audit
results = run_weekly_audit()
