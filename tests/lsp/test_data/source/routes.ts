import { Router } from "express";

// endpoint: POST /recipes/{id}/likes adds a like for the signed-in user
export const router = Router();
