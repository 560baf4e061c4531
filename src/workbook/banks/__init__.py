"""Item banks: one YAML file per module, validated against the shipped JSON Schema."""

from workbook.banks._load import Bank, BankSet, check_banks, load_bank, load_banks

__all__ = ["Bank", "BankSet", "check_banks", "load_bank", "load_banks"]
