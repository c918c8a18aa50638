/** The liveness answer. */
import { z } from "./zod.js";

export const Health = z.object({ status: z.literal("ok") }).openapi("Health");
export type Health = z.infer<typeof Health>;
