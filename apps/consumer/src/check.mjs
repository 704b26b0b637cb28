// A tiny result collector: each check prints one line; failures are listed
// again at the end and make the process exit non-zero.
const failures = [];

export function pass(what) {
  console.log(`  ok   ${what}`);
}

export function fail(what, detail = '') {
  failures.push(`${what}${detail ? `\n${detail}` : ''}`);
  console.log(`  FAIL ${what}${detail ? `\n${detail.replace(/^/gm, '       ')}` : ''}`);
}

export function check(ok, what, detail) {
  if (ok) pass(what);
  else fail(what, detail);
  return ok;
}

export function skip(what, reason) {
  console.log(`  SKIP ${what}: ${reason}`);
}

export function failures_() {
  return failures;
}
