"""Phoenix Scanner Operator: ScanImport and InsightVMScan controllers, the import Job's worker and API clients."""

__version__ = "0.1.0"
