"""A hand-written FastAPI module the code actions work on."""

from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# endpoint: GET /recipes/{id} returns one recipe with its author
# endpoint: GET /weather/today the forecast for the user's city


class Recipe(BaseModel):
    title: str
    servings: int = 1


@dataclass
class Ingredient:
    name: str
    grams: float


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)


class Helper:
    def run(self) -> None:
        total = 1 + 2
        print(total)


# Users can mark a recipe as a favourite and list their favourites
SAMPLE = '{"name": "Tomato", "grams": 120.5, "organic": true}'
