/** Where an answer is cut: a person reads the panel, and parsing more would freeze the form (README, "How it behaves"). */
export const MAX_ANSWER_BYTES = 5 * 1024 * 1024;
