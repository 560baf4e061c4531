"""Item banks: one YAML file per module, validated against the shipped JSON Schema."""

from workbook.banks._load import BANKS_DIR, Bank, BankSet, check_banks, default_banks, load_bank, load_banks

__all__ = ["BANKS_DIR", "Bank", "BankSet", "check_banks", "default_banks", "load_bank", "load_banks"]
