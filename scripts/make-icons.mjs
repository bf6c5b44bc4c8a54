// Renders web/public/icons/icon.svg to the PNG icons the web manifest names, with the same
// Chromium the browser tests use: node scripts/make-icons.mjs. The pin stays inside the central
// 80 % circle, so one 512 px image serves as both the plain and the maskable icon.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
const svg = readFileSync(`${dir}icon.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `${dir}icon-${size}.png`, omitBackground: false });
  await page.close();
}
await browser.close();
