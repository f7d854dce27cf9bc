"""Equivalent names for common deep-learning ideas: accepted phrasings the extractor attaches to
key points, so an answer saying "weight decay" gets credit for "L2 regularization".

Reviewed by hand for this field. The claim matcher (interviewer.grading.claims) also reads PLAIN_WORDS
(everyday wordings of technical ideas, not names of techniques) and OPPOSITES (words whose swap inverts
a claim: "during training" against "at inference").
"""

from __future__ import annotations

from interviewer.nlp.text import normalise

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("l2 regularization", "weight decay", "ridge", "l2 penalty", "l2 norm penalty", "l2 norm", "l2"),
    ("l1 regularization", "lasso", "l1 penalty", "sparsity penalty", "l1 norm", "l1"),
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
    ("cross-entropy", "cross entropy", "log loss", "negative log-likelihood", "negative log likelihood", "nll",
     "logistic loss"),
    ("mean squared error", "mse", "squared error"),
    ("root mean square error", "rmse"),
    ("auc", "roc-auc", "auc-roc", "area under the curve", "area under the roc curve"),
    ("transfer learning", "pre-trained model", "pretrained model"),
    ("fine-tuning", "fine tuning", "finetuning", "fine-tune", "fine tune", "retrain the top layers"),
    ("freeze", "keep fixed", "lock the weights", "not update", "frozen"),
    ("backpropagation", "backprop", "back-propagation", "backward pass", "chain rule"),
    ("gradient descent", "steepest descent", "descend the gradient", "step against the gradient", "step downhill"),
    ("learning rate", "step size", "lr"),
    ("vanishing gradient", "gradients vanish", "gradients shrink", "gradients become tiny", "vanishing gradients"),
    ("exploding gradient", "gradients explode", "exploding gradients", "gradients blow up"),
    ("word embedding", "word vector", "embedding", "word2vec", "glove"),
    ("self-attention", "self attention", "attention"),
    ("softmax", "normalized exponential", "soft max"),
    ("encoder", "encoders"),
    ("overfitting", "overfit", "memorize the training data", "memorise the training data", "memorizing the training set"),
    ("underfitting", "underfit", "too simple to capture"),
    ("generalization", "generalize", "generalise", "generalisation", "work on unseen data", "perform on new data"),
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
    ("self-organizing map", "self-organising map", "som", "kohonen map"),
    ("support vector machine", "svm"),
    ("radial basis function", "rbf"),
    ("multilayer perceptron", "multi-layer perceptron", "mlp"),
    ("feed-forward", "feedforward", "feed forward"),
)

# Everyday words for technical ideas: each group is one idea to the claim matcher.
PLAIN_WORDS: tuple[tuple[str, ...], ...] = (
    ("vector", "list of numbers", "array of numbers", "row of numbers", "set of numbers", "numeric representation"),
    ("dense", "short", "compact", "low-dimensional", "low dimensional"),
    ("semantic similarity", "similar meaning", "similar meanings", "used in similar ways", "similar contexts",
     "related words", "similar words"),
    ("non-linearity", "nonlinearity", "non-linear", "nonlinear", "curved", "bend"),
    ("complex patterns", "complicated patterns", "complex functions", "complicated functions", "complex relationships"),
    ("neuron", "unit", "node"),
    ("weight", "parameter"),
    ("penalty", "penalise", "penalize", "punish", "cost"),
    ("loss", "error", "objective"),
    ("zero", "exactly zero", "switch off"),
    ("random", "randomly", "at random", "chance"),
    ("reduce", "lower", "cut", "decrease", "shrink"),
    ("increase", "raise", "grow", "boost"),
    ("speed up", "faster", "accelerate", "quicker"),
    ("stable", "stabilize", "stabilise", "steady", "smooth"),
    ("probability", "probabilities", "likelihood", "confidence"),
    ("sum to one", "sum to 1", "add up to one", "add up to 1"),
    ("labelled data", "labeled data", "labels", "annotated data", "annotations"),
    ("pretrained", "pre-trained", "already trained", "trained before"),
    ("large dataset", "big dataset", "lots of data", "huge dataset", "millions of images"),
    ("features", "patterns", "representations"),
    ("inference", "at inference", "test time", "at test time", "inference time", "prediction time", "when predicting",
     "deployment", "for predictions", "making predictions", "evaluation mode", "eval mode"),
    ("previous", "earlier", "past", "prior"),
    ("oscillate", "oscillation", "oscillating", "oscillatory", "zigzag", "zig-zag", "zigzagging", "fluctuate"),
    ("diversity", "variety", "variation", "more varied"),
    ("during training", "while training", "in training", "at training time", "when training"),
    ("only at inference", "only at test time", "only during inference", "only when predicting", "only in deployment",
     "only at inference time"),
    ("long-term dependencies", "long-range dependencies", "long sequences", "far back"),
)

# Pairs whose swap inverts a claim. Matched on lemma stems after synonyms, so "l2" covers "weight decay".
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("during training", "only at inference"),
    ("absolute", "squared"),
    ("sparse", "dense"),
    ("large", "small"),
    ("increase", "reduce"),
    ("more", "fewer"),
    ("high", "low"),
    ("faster", "slower"),
    ("overfitting", "underfitting"),
    ("vanishing gradient", "exploding gradient"),
    ("labelled data", "unlabelled"),
    ("before", "after"),
    ("minimize", "maximize"),
)

# Pairs of things a claim can be about: saying the other one's property of it is wrong ("L2 gives sparsity"),
# saying the other one's property of the other one is right ("L2 adds squares" against "L1 adds absolutes").
COUNTERPARTS: tuple[tuple[str, str], ...] = (
    ("l1", "l2"),
    ("supervised", "unsupervised"),
    ("generator", "discriminator"),
    ("encoder", "decoder"),
)

# One way only: a point about training contradicted by "at inference", but "statistics collected during
# training" does not contradict a point about inference.
ONE_WAY_OPPOSITES: tuple[tuple[str, str], ...] = (("during training", "inference"),)

_INDEX = {normalise(term): group for group in SYNONYM_GROUPS for term in group}


def synonyms_of(phrase: str) -> tuple[str, ...]:
    """The phrase's synonym group (including itself), or just the phrase."""
    return _INDEX.get(normalise(phrase), (normalise(phrase),))
