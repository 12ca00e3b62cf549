//! Canonical names: titles, initials and surnames resolved to the fullest form an article uses.
