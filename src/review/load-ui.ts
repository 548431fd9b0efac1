// Loads React, ink and the review component on first use, in the environment they need: the CLI
// imports nothing of them for plan/series, and both choose their behaviour once, when they load.
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

function withEnvironment<T>(changes: Record<string, string | undefined>, load: () => Promise<T>): Promise<T> {
  const saved = Object.keys(changes).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return load().finally(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/**
 * - React loads its development build unless NODE_ENV is "production": several times slower per
 *   frame, and only useful to people working on the UI, who can set NODE_ENV themselves.
 * - ink treats CI=true as "no terminal" and then draws no live frames; the review runs only when
 *   stdin and stdout are terminals, so that guess is wrong here.
 * Modules already loaded keep the mode they were loaded in.
 */
export function loadReviewUi() {
  const changes: Record<string, string | undefined> = { NODE_ENV: process.env.NODE_ENV ?? 'production' };
  for (const name of CI_VARIABLES) changes[name] = undefined;
  return withEnvironment(changes, async () => {
    const [react, ink, app, startup] = await Promise.all([import('react'), import('ink'), import('./app.js'), import('./startup.js')]);
    return { createElement: react.createElement, render: ink.render, ReviewApp: app.ReviewApp, ReviewStartup: startup.ReviewStartup };
  });
}
