import { v7 } from 'uuid';

/** Every id is a UUIDv7 made in the application: time-ordered, so inserts stay index-friendly. */
export const newId = (): string => v7();
