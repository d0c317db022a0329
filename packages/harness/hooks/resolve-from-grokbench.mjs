// A Node module resolution hook for task packages that live outside the grokbench installation
// (GROKBENCH_TASK_PATH): a bare import the package cannot resolve itself (@grokbench/task-kit, zod)
// is resolved from the harness instead, so the task uses the very modules grokbench runs with.
let grokbenchURL;

export function initialize(data) {
  grokbenchURL = data.parentURL;
}

const isBare = (specifier) => !/^(\.|\/|[a-zA-Z][a-zA-Z+.-]*:)/.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier) || !grokbenchURL) throw error;
    return nextResolve(specifier, { ...context, parentURL: grokbenchURL });
  }
}
