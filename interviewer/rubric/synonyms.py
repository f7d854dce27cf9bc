"""Equivalent names for common deep-learning ideas: accepted phrasings the extractor attaches to
key points, so an answer saying "weight decay" gets credit for "L2 regularization"."""

from __future__ import annotations

from interviewer.text import normalise

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("l2 regularization", "weight decay", "ridge", "l2 penalty", "l2 norm penalty"),
    ("l1 regularization", "lasso", "l1 penalty", "sparsity penalty"),
    ("dropout", "drop out", "dropping units", "dropping neurons"),
    ("early stopping", "stop training early", "stopping early"),
    ("data augmentation", "augmentation", "augmenting the data", "augment the data"),
    ("batch normalization", "batch norm", "batchnorm", "batch normalisation"),
    ("cross-validation", "cross validation", "k-fold"),
    ("stochastic gradient descent", "sgd"),
    ("convolutional neural network", "cnn", "convnet"),
    ("recurrent neural network", "rnn"),
    ("long short-term memory", "lstm"),
    ("gated recurrent unit", "gru"),
    ("generative adversarial network", "gan"),
    ("relu", "rectified linear unit"),
    ("tanh", "hyperbolic tangent"),
    ("sigmoid", "logistic function"),
    ("cross-entropy", "cross entropy", "log loss", "negative log-likelihood"),
    ("mean squared error", "mse", "squared error"),
    ("root mean square error", "rmse"),
    ("auc", "roc-auc", "auc-roc", "area under the curve", "area under the roc curve"),
    ("transfer learning", "pre-trained model", "pretrained model"),
    ("fine-tuning", "fine tuning", "finetuning", "fine-tune", "fine tune"),
    ("hyperparameter tuning", "hyperparameter optimization", "hyperparameter search"),
    ("bayesian optimization", "bayesian optimisation", "optuna"),
    ("smote", "synthetic minority oversampling"),
    ("class weights", "cost-sensitive learning", "weighted loss", "class weighting"),
    ("oversampling", "over-sampling", "upsampling"),
    ("undersampling", "under-sampling", "downsampling the majority"),
    ("knowledge distillation", "distillation"),
    ("quantization", "quantisation", "int8"),
    ("docker", "containerization", "container"),
    ("gradient clipping", "clip the gradients", "clipping gradients"),
    ("skip connections", "residual connections", "resnet"),
    ("fully connected layer", "dense layer", "fully-connected layer"),
    ("pooling", "max pooling", "average pooling", "downsampling"),
)

_INDEX = {normalise(term): group for group in SYNONYM_GROUPS for term in group}


def synonyms_of(phrase: str) -> tuple[str, ...]:
    """The phrase's synonym group (including itself), or just the phrase."""
    return _INDEX.get(normalise(phrase), (normalise(phrase),))
