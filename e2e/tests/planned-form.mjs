// The register form of a planned meeting filled with a time before some invitees' day starts,
// shared by the browser test and the README's screenshot.

/** The Monday at least three days from now, as a `datetime-local` date. */
export function nextMonday() {
  const now = new Date();
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3));
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Fills the register form for 07:00 London, before Ben's day (08:30) starts. */
export async function fillEarlyMeeting(page) {
  await page.getByLabel('Title').fill('Release readiness');
  await page.getByLabel(/^Length in minutes/).fill('50');
  await page.getByLabel(/^Invite/).fill('dev, chloe');
  await page.getByLabel(/^Starts/).fill(`${nextMonday()}T07:00`);
  await page.getByLabel(/^Starts/).dispatchEvent('change');
  await page.locator('#hours-check .hours-warnings').waitFor();
}
