"""The public web shell: start page, health check, security headers, error pages, language."""
