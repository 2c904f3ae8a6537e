"""Printed checklists: Qt renders A4 pages and receipt images; backends send them to a printer."""
