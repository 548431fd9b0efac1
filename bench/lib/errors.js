// A problem the person running the bench can fix (missing trees, missing build, a command that
// failed): printed as one line, never as a stack trace.
export class BenchError extends Error {}
