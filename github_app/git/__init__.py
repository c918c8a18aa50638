"""Git over HTTPS with an installation token that never touches disk, logs or commits."""
