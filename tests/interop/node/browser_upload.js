// Drives Chromium (headless, through puppeteer-core) through the browser upload page:
// opens PAGE_URL, chooses FILE in the page's file input, clicks Upload and waits for the page
// to report an outcome. Prints one JSON line: the outcome ("uploaded", "refused", "error"),
// the status text and the progress bar's final value and maximum.
//
//   node browser_upload.js CHROMIUM PAGE_URL FILE

"use strict";
const puppeteer = require("puppeteer-core");

async function main() {
  const [chromium, pageUrl, file] = process.argv.slice(2);
  if (!file) {
    throw new Error("usage: browser_upload.js CHROMIUM PAGE_URL FILE");
  }
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // Running as root (CI) needs --no-sandbox; the page is our own.
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check"],
  });
  try {
    const page = await browser.newPage();
    const console_lines = [];
    page.on("console", (message) => console_lines.push(message.text()));
    await page.goto(pageUrl, { waitUntil: "load" });
    const input = await page.$("#file");
    await input.uploadFile(file);
    await page.click("#upload");
    await page.waitForFunction(
      () => document.getElementById("status").dataset.outcome !== undefined,
      { timeout: 60000 },
    );
    const result = await page.evaluate(() => ({
      outcome: document.getElementById("status").dataset.outcome,
      text: document.getElementById("status").textContent,
      progress: document.getElementById("progress").value,
      progress_max: document.getElementById("progress").max,
    }));
    result.console = console_lines;
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
