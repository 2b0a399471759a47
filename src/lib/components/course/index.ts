// Components that course markdown uses without importing them (the preprocessor imports them for the trainer).
export { default as Audio } from './Audio.svelte';
export { default as Figure } from './Figure.svelte';
export { default as PracticeQuiz } from './PracticeQuiz.svelte';
export { default as Steps } from './Steps.svelte';
export { default as Term } from './Term.svelte';
export { default as Tip } from './Tip.svelte';
export { default as Warning } from './Warning.svelte';
