/** What the users API accepts and answers. */
import { email, page, paging, password, queryEnum, queryText, text, timestamp, url } from "./fields.js";
import { z } from "./zod.js";

export const ROLE_VALUES = ["admin", "user"] as const;
export const USER_SORT_KEYS = ["id", "created_at", "name", "role", "website"] as const;

export const UserRead = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLE_VALUES),
    bio: z.string().nullable(),
    website: z.string().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi("UserRead");

export const UserPublic = UserRead.omit({ email: true })
  .strict()
  .openapi("UserPublic", { description: "What others see: every field but the private ones (email)." });

/** The whole record for its owner and admin, the public view for anyone else. */
export const UserView = z.union([UserRead, UserPublic]);

export const UserRegister = z
  .strictObject({
    email: email(),
    name: text(100).nullable().optional(),
    bio: text(10000).nullable().optional(),
    website: url().nullable().optional(),
    password: password(),
  })
  .openapi("UserRegister");

export const UserUpdate = z
  .strictObject({
    email: email().optional(),
    name: text(100).nullable().optional(),
    role: z.enum(ROLE_VALUES).optional(),
    bio: text(10000).nullable().optional(),
    website: url().nullable().optional(),
    password: password().optional(),
    current_password: z
      .string()
      .max(128)
      .nullable()
      .optional()
      .openapi({ description: "Your own password: needed to change an email or a password." }),
  })
  .openapi("UserUpdate", {
    description:
      "Only the fields sent are changed; a field that may not be empty may not be sent as null.",
  });

export const LoginRequest = z
  .object({ email: email(), password: z.string().max(128) })
  .openapi("LoginRequest");

export const Registered = z
  .object({ message: z.string() })
  .openapi("Registered", {
    description:
      "The same answer whether or not the email was taken: nobody learns who has an account.",
  });

export const Token = z
  .object({ access_token: z.string(), token_type: z.literal("bearer") })
  .openapi("Token");

export const UserListQuery = z.strictObject({
  ...paging(USER_SORT_KEYS),
  name: queryText(100),
  role: queryEnum(ROLE_VALUES),
  website: queryText(2083),
});

export const UserPage = page(UserView, "UserPage");

export type UserRead = z.infer<typeof UserRead>;
export type UserPublic = z.infer<typeof UserPublic>;
export type UserView = UserRead | UserPublic;
export type UserRegister = z.infer<typeof UserRegister>;
export type UserUpdate = z.infer<typeof UserUpdate>;
export type UserListQuery = z.infer<typeof UserListQuery>;
