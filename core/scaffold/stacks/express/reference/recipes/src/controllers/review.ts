/** HTTP ↔ service for reviews: permissions, request and response shapes. */
import type { AppContext } from "../context.js";
import { authorize } from "../middleware/auth.js";
import type { Page } from "../models/fields.js";
import type { ReviewCreate, ReviewListQuery, ReviewRead } from "../models/review.js";
import { CrudService } from "../services/crud.js";
import { REVIEWS, toReview } from "../services/review.js";
import type { User } from "../services/user.js";

export class ReviewController {
  private readonly service: CrudService;

  constructor(context: AppContext) {
    this.service = new CrudService(context.database, REVIEWS);
  }

  async list(query: ReviewListQuery): Promise<Page<ReviewRead>> {
    const { limit, offset, sort, ...filters } = query;
    const { rows, total } = await this.service.list({ filters, sort, limit, offset });
    return { items: rows.map(toReview), total, limit, offset };
  }

  async get(id: number): Promise<ReviewRead> {
    return toReview(await this.service.get(id));
  }

  async create(payload: ReviewCreate, user: User): Promise<ReviewRead> {
    return toReview(await this.service.create({ ...payload, owner_id: user.id }));
  }

  async delete(id: number, user: User): Promise<void> {
    const record = toReview(await this.service.get(id));
    authorize(user, ["owner", "admin"], record.owner_id);
    await this.service.delete(id);
  }
}
