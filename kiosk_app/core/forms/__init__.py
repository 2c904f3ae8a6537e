"""Forms as data (issue 17): definitions in ``content/forms/<form_id>.toml``, loaded and checked
by ``definition``; which fields are shown and whether an answer set is valid, by ``engine``; the
German rendition for staff, by ``german``. Qt-free, network-free."""
