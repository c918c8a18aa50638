/** zod with `.openapi()`: every schema here validates requests and describes them in /openapi.json. */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export { z };
