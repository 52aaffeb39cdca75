"""How pages are opened headless (browser tests, the draw-time benchmark)."""

# Debian's chromium, with no background traffic on a machine without a network
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
