"""The bank's topics and question kinds: plain enums, so the CLI's --help builds its choices without pydantic."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    FUNDAMENTALS = "fundamentals"
    ARCHITECTURES_CNN = "architectures-cnn"
    SEQUENCE_MODELS = "sequence-models"
    NLP_TRANSFORMERS = "nlp-transformers"
    LLMS = "llms"  # pre-training, fine-tuning with adapters, preference tuning, retrieval, tokenization
    GENERATIVE_MODELS = "generative-models"
    TRAINING_OPTIMIZATION = "training-optimization"
    REGULARIZATION = "regularization"
    TRANSFER_LEARNING = "transfer-learning"
    EVALUATION = "evaluation"
    DATA = "data"
    DEPLOYMENT_MLOPS = "deployment-mlops"
    EFFICIENT_INFERENCE = "efficient-inference"  # quantization, distillation, KV cache, serving
    DISTRIBUTED_TRAINING = "distributed-training"  # mixed precision, data/tensor/pipeline parallelism
    FRAMEWORKS_TOOLS = "frameworks-tools"
    CAREER_BEHAVIORAL = "career-behavioral"


class Kind(StrEnum):
    CONCEPTUAL = "conceptual"
    PRACTICAL = "practical"
    DESIGN = "design"
    EXPERIENCE = "experience"  # behavioural / "describe your experience": graded on STAR too
