"""Real-browser tests: every notebook in JupyterLab, every app in Voila (Playwright + Chromium)."""
