import { z } from "zod";
import { IsEmail, IsInt, IsOptional, MaxLength, Min } from "class-validator";

// endpoint: GET /recipes/{id} returns one recipe with its author
// endpoint: GET /weather/today the forecast for the user's city

export interface Recipe {
  id: number;
  title: string;
  servings?: number;
  author: User | null;
}

export interface Tag {
  label: string;
  colour: "red" | "green" | "blue";
  weights: Array<number>;
  createdAt: Date;
}

export class CommentDto {
  @IsEmail()
  email!: string;

  @IsOptional()
  @MaxLength(500)
  body?: string;

  @IsInt()
  @Min(0)
  likes: number = 0;

  describe(): string {
    return `${this.email}: ${this.body}`;
  }
}

export const NoteSchema = z.object({
  text: z.string().max(200),
  pinned: z.boolean().default(false),
  author: UserSchema,
});

export interface Address {
  street: string;
  geo: { lat: number; lng: number };
}
