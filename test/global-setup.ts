// vitest globalSetup of the integration project: one migrated template database per run.
import type { TestProject } from 'vitest/node';
import { createTemplate, testDbKindFromEnv } from './template';
import './db'; // the ProvidedContext declaration

export default async function setup(project: TestProject) {
  const started = Date.now();
  const template = await createTemplate(testDbKindFromEnv());
  project.provide('mzTestTemplate', template.ref);
  console.log(`[test] ${template.ref.kind} template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return () => template.dispose();
}
