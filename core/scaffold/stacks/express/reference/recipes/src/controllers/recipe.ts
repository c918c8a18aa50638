/** HTTP ↔ service for recipes: permissions, request and response shapes. */
import type { AppContext } from "../context.js";
import { authorize } from "../middleware/auth.js";
import type { Page } from "../models/fields.js";
import type { RecipeCreate, RecipeListQuery, RecipeRead, RecipeUpdate } from "../models/recipe.js";
import type { FileAnswer, Uploaded } from "../routes/define.js";
import { CrudService } from "../services/crud.js";
import { NotFound } from "../services/errors.js";
import { RECIPES, recipeRow, toRecipe } from "../services/recipe.js";
import type { Storage } from "../services/storage.js";
import type { User } from "../services/user.js";

export class RecipeController {
  private readonly service: CrudService;
  private readonly storage: Storage;

  constructor(context: AppContext) {
    this.service = new CrudService(context.database, RECIPES);
    this.storage = context.storage;
  }

  async list(query: RecipeListQuery): Promise<Page<RecipeRead>> {
    const { limit, offset, sort, ...filters } = query;
    const { rows, total } = await this.service.list({ filters: recipeRow(filters), sort, limit, offset });
    return { items: rows.map(toRecipe), total, limit, offset };
  }

  async get(id: number): Promise<RecipeRead> {
    return toRecipe(await this.service.get(id));
  }

  async create(payload: RecipeCreate, user: User): Promise<RecipeRead> {
    // the owner and the author come from the token, never from the body
    const values = recipeRow({ ...payload, owner_id: user.id, author_id: user.id });
    return toRecipe(await this.service.create(values));
  }

  async update(id: number, payload: RecipeUpdate, user: User): Promise<RecipeRead> {
    const record = toRecipe(await this.service.get(id));
    authorize(user, ["owner"], record.owner_id);
    return toRecipe(await this.service.update(id, recipeRow(payload)));
  }

  async delete(id: number, user: User): Promise<void> {
    const record = toRecipe(await this.service.get(id));
    authorize(user, ["owner", "admin"], record.owner_id);
    await this.service.delete(id);
    await this.storage.delete(`recipes/${id}/image`);
  }

  /** Before the body is read: the record exists and the user may change it. */
  async checkImageUpload(id: number, user: User): Promise<void> {
    const record = toRecipe(await this.service.get(id));
    authorize(user, ["owner"], record.owner_id);
  }

  async uploadImage(id: number, upload: Uploaded | undefined, user: User): Promise<RecipeRead> {
    await this.checkImageUpload(id, user);
    if (upload === undefined) throw new Error("the upload route reads the file first");
    await this.storage.save(`recipes/${id}/image`, upload.data);
    return toRecipe(await this.service.update(id, { image: upload.filename }));
  }

  async downloadImage(id: number): Promise<FileAnswer> {
    const record = toRecipe(await this.service.get(id));
    if (record.image === null) throw new NotFound(`Recipe ${id} has no image`);
    const data = await this.storage.load(`recipes/${id}/image`);
    return { kind: "file", data, filename: record.image };
  }
}
