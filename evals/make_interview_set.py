"""Writes evals/interview_answers.csv: 20 bank questions x 5 answers, scored 0-10 as a senior
interviewer would, with the reason. The answers below were written for this project.

Run `python evals/make_interview_set.py` after editing them. Categories:
excellent, partial, wrong (wrong but confident), off-topic (an excellent answer to another question
in this set, i.e. a fluent answer to the wrong question), padded (the partial answer followed by
that same correct but irrelevant text: padding must not earn credit).
"""

from __future__ import annotations

import csv
from pathlib import Path

# question id -> (excellent, score, why), (partial, score, why), (wrong, score, why)
ANSWERS = {
    "overfitting-prevention": (
        ("First I detect it: training loss keeps falling while validation loss rises, so I watch a held-out set or "
         "use k-fold cross-validation. Then I add regularization: L2 weight decay, dropout between dense layers, and "
         "early stopping on validation loss. Data augmentation such as flips and crops adds variety, and if that is "
         "not enough I get more data or use a smaller model.", 10, "All techniques, how to detect it, ordered and concrete."),
        ("I would add dropout and maybe collect more data so the model generalizes better.", 4,
         "Two valid remedies, no early stopping, weight decay or augmentation, no detection."),
        ("Overfitting means the model is too simple, so I train for more epochs and add more layers until training "
         "accuracy reaches 100 percent.", 1, "Confuses overfitting with underfitting; the advice makes it worse."),
    ),
    "dropout": (
        ("Dropout is a regularizer: during training each unit is zeroed with probability p, often 0.2 to 0.5, so the "
         "network cannot rely on co-adapted units and learns redundant features. It acts like averaging many thinned "
         "networks. At inference dropout is turned off and activations are scaled so expectations match.", 10,
         "Mechanism, why it works, rate, and the inference behaviour."),
        ("Dropout randomly removes some neurons so the network overfits less.", 5,
         "Core idea right; nothing on co-adaptation, rates or inference."),
        ("Dropout deletes the weakest neurons permanently after training to make the model smaller, and it is also "
         "applied at inference time to keep predictions random.", 1, "Confuses dropout with pruning; wrong about inference."),
    ),
    "batch-normalization": (
        ("Batch norm normalizes each layer's pre-activations with the mini-batch mean and variance, then applies a "
         "learned scale gamma and shift beta. It stabilizes and speeds up training, allows higher learning rates, and "
         "adds a mild regularizing effect; it was motivated by internal covariate shift. At inference it uses running "
         "averages of the statistics.", 10, "Mechanism, learnable parameters, benefits and inference behaviour."),
        ("It normalizes the activations in each layer which makes training faster.", 5,
         "Right idea and one benefit; no statistics, no learning-rate or inference detail."),
        ("Batch normalization normalizes the input images once before training so every pixel is between 0 and 1; "
         "after that the network does not need it.", 1, "Describes input scaling, not batch norm."),
    ),
    "transfer-learning": (
        ("Transfer learning reuses a model pre-trained on a large dataset, like a ResNet trained on ImageNet or BERT, as "
         "the starting point for a related task. The general features it learned, edges and shapes or language patterns, "
         "carry over, so it needs far less labelled data and training time. I either freeze the base and train a new head "
         "as a feature extractor, or fine-tune some layers with a low learning rate. It is most useful with small datasets.",
         10, "Definition, why it works, how to apply it, when to use it."),
        ("You take a pretrained model and train it on your data, which saves time.", 5,
         "Correct gist; no small-data case, no freeze versus fine-tune."),
        ("Transfer learning copies the dataset from one project to another so the model sees more examples; it works "
         "best when the two tasks are unrelated.", 1, "Wrong definition and wrong condition."),
    ),
    "activation-functions": (
        ("Activation functions add non-linearity; without them a stack of layers collapses into one linear map. ReLU is "
         "the default for hidden layers because it is cheap and eases vanishing gradients; sigmoid and tanh saturate. "
         "The output activation follows the task: sigmoid for binary, softmax for multi-class, linear for regression.",
         10, "Why they exist, common choices with trade-offs, output choice."),
        ("They decide if a neuron fires. Examples are ReLU and sigmoid.", 4, "Names two, misses the non-linearity argument."),
        ("Activation functions normalize the weights after each update so gradients do not explode; sigmoid is the best "
         "choice for every hidden layer in deep networks.", 1, "Wrong role; bad advice on sigmoid."),
    ),
    "backpropagation": (
        ("A forward pass computes the outputs and the loss. Backpropagation then applies the chain rule layer by layer, "
         "from the output back to the input, to get the gradient of the loss with respect to every weight. An optimizer "
         "such as SGD or Adam uses those gradients to update the weights, and this repeats over mini-batches and epochs.",
         10, "Forward pass, chain rule, gradients, update by an optimizer, iteration."),
        ("It sends the error backwards through the network to update the weights.", 5,
         "Gist right; no chain rule, gradients or optimizer distinction."),
        ("Backpropagation runs the input through the network backwards, from output to input, to generate new training "
         "examples, and it does not use gradients.", 0, "Wrong on every count."),
    ),
    "vanishing-gradients": (
        ("In deep networks the gradient is a product of many small factors, for example saturated sigmoid or tanh "
         "derivatives, so it shrinks toward zero in the early layers and they barely learn. Fixes are ReLU-style "
         "activations, careful initialization like He or Xavier, batch normalization, residual skip connections as in "
         "ResNet, and LSTM or GRU gates in recurrent networks.", 10, "Cause, effect and the main remedies."),
        ("Gradients get very small in deep networks. Using ReLU helps.", 5, "Effect and one fix; no cause, no other fixes."),
        ("Vanishing gradients happen when the learning rate is too high, so the fix is to use sigmoid activations "
         "everywhere and remove batch normalization.", 0, "Wrong cause and harmful fixes."),
    ),
    "regularization-l1-l2": (
        ("Regularization limits model complexity to prevent overfitting by adding a penalty on the weights to the loss. "
         "L1 adds the sum of absolute weights and drives some to exactly zero, giving sparsity; L2 adds the sum of squares "
         "and shrinks large weights smoothly, which is weight decay. The coefficient lambda sets the strength and is tuned "
         "on validation data.", 10, "Purpose, both penalties with their effects, tuning."),
        ("Regularization prevents overfitting. L1 and L2 add a penalty to the loss.", 5,
         "Right but no difference between L1 and L2."),
        ("L2 regularization makes weights exactly zero and L1 makes them large, so both increase model capacity to fit "
         "the training data better.", 1, "Swaps the effects and gets the purpose backwards."),
    ),
    "cnn-architecture": (
        ("A CNN stacks convolutional layers, which slide learnable filters over the image to produce feature maps, each "
         "followed by a ReLU. Pooling layers downsample the maps to cut computation and add some translation invariance. "
         "Early layers find edges, later ones shapes and objects, a spatial hierarchy. Fully connected layers at the end "
         "classify from the extracted features; weight sharing keeps the parameter count low.", 10,
         "All layer types, what each does, the hierarchy, weight sharing."),
        ("It has convolution layers and then fully connected layers for classification.", 4,
         "Two layer types; no pooling, no why."),
        ("A CNN is a recurrent network that reads the image one pixel at a time and keeps a hidden state of the previous "
         "pixels; it has no pooling.", 0, "Describes an RNN, not a CNN."),
    ),
    "recurrent-neural-networks": (
        ("RNNs process sequences such as text, speech or time series one step at a time, keeping a hidden state that "
         "carries information from earlier inputs, so they handle variable-length input. I would use them for language "
         "modelling, translation, speech recognition or forecasting. Plain RNNs suffer from vanishing gradients, so in "
         "practice LSTMs or GRUs are used, and transformers have replaced them for most NLP.", 10,
         "Definition, hidden state, uses, limitation and modern context."),
        ("RNNs are for sequences like text. They remember earlier inputs.", 5, "Core idea; no uses or limitations."),
        ("RNNs are used for images because they apply the same filter to every pixel, and they never have gradient "
         "problems, which is why they replaced transformers.", 0, "Wrong domain, wrong history."),
    ),
    "lstm-vs-gru": (
        ("Both are gated RNNs that keep long-term dependencies better than plain RNNs. An LSTM has input, forget and "
         "output gates plus a separate cell state. A GRU has only update and reset gates, merges the cell and hidden state, "
         "and so has fewer parameters and trains faster. Accuracy is often similar; I try a GRU first on small data or "
         "tight budgets and an LSTM for very long sequences.", 10, "Gates of each, parameter trade-off, when to choose."),
        ("GRU is a simpler LSTM with fewer gates, so it is faster.", 5, "Right direction; no gate names, no cell state."),
        ("GRUs have more gates than LSTMs and a separate memory cell, so they are slower but always more accurate.", 1,
         "Reversed facts."),
    ),
    "attention-mechanisms": (
        ("Attention lets each output weigh every input position by relevance: queries are compared with keys, the scores "
         "go through a softmax, and the values are mixed with those weights. It captures long-range dependencies and "
         "context that RNNs lose, and because tokens attend to each other directly, training parallelises. It is the core "
         "of transformers like BERT and GPT and improved translation and summarization.", 10,
         "Mechanism, why it beats RNNs, parallelism, transformers."),
        ("Attention lets the model focus on the important words in the input.", 4, "Intuition only."),
        ("Attention is a regularization layer that randomly hides words from the model so it pays attention, which is "
         "why it is only used in CNNs.", 0, "Describes masking/dropout; wrong usage."),
    ),
    "generative-adversarial-networks": (
        ("A GAN trains two networks against each other. The generator maps random noise to synthetic samples; the "
         "discriminator classifies samples as real or generated. They play a minimax game until the fakes are hard to "
         "tell from real data. GANs generate realistic images, augment training data and are used in art and medical "
         "imaging; training is unstable and can suffer mode collapse.", 10,
         "Both networks, the game, applications, known problems."),
        ("A GAN has a generator that makes fake images and a discriminator that checks them.", 5,
         "Two networks named; no training dynamics or uses."),
        ("A GAN is a single network that compresses images into a small code and decodes them back, trained with mean "
         "squared error only.", 1, "Describes an autoencoder."),
    ),
    "imbalanced-datasets": (
        ("First I measure it and stop trusting accuracy: I report precision, recall, F1 and PR-AUC per class. Then I "
         "rebalance: oversample the minority class or use SMOTE, undersample the majority, or use class weights in the "
         "loss, and I tune the decision threshold on validation data.", 10,
         "Metrics, resampling, class weights, thresholds."),
        ("I would oversample the minority class.", 3, "One technique, no metrics."),
        ("Imbalance does not matter for deep learning because accuracy is still a good metric; I just train longer so "
         "the model sees the rare class eventually.", 0, "Wrong metric advice and no remedy."),
    ),
    "evaluating-model-performance": (
        ("It depends on the task, on held-out data the model never trained on, compared with a baseline. For "
         "classification: accuracy plus precision, recall and F1, a confusion matrix, and ROC-AUC or PR curves, since "
         "accuracy misleads on imbalanced classes. For regression: MSE, RMSE or MAE. Task-specific metrics where they "
         "exist, like BLEU for translation.", 10, "Held-out data, metrics per task, imbalance caveat."),
        ("I look at the accuracy and the loss on the test set.", 4, "Held-out data, but one metric and no caveats."),
        ("I evaluate on the training set because it is largest; if the training accuracy is high the model is good.",
         0, "Evaluates on training data."),
    ),
    "softmax": (
        ("Softmax turns a vector of logits into a probability distribution: it exponentiates each score and divides by "
         "the sum, so outputs are positive and sum to one. It is used in the output layer for multi-class "
         "classification together with cross-entropy loss; for multi-label problems I use independent sigmoids instead.",
         10, "Definition, formula, use, loss pairing, multi-label caveat."),
        ("Softmax gives probabilities for each class at the end of the network.", 5, "Gist; no formula or details."),
        ("Softmax is an activation for hidden layers that sets negative values to zero, the same as ReLU.", 0,
         "Describes ReLU."),
    ),
    "batch-vs-stochastic-gradient-descent": (
        ("Batch gradient descent computes each update from the whole training set: smooth, stable steps but expensive "
         "and memory-hungry on large data. Stochastic gradient descent updates from one sample at a time: cheap, frequent "
         "and noisy updates, and the noise can help escape saddle points. In practice mini-batch gradient descent is the "
         "compromise.", 10, "Both, trade-offs, mini-batch."),
        ("Batch uses all the data and SGD uses one example at a time.", 5, "Definitions only."),
        ("Stochastic gradient descent uses the entire dataset for every step, which is why it is the most stable, while "
         "batch gradient descent picks one random example.", 0, "Swaps the two."),
    ),
    "hyperparameters": (
        ("Hyperparameters are settings chosen before training rather than learned from the data, unlike the weights and "
         "biases. Examples are the learning rate, batch size, number of layers, dropout rate and regularization strength. "
         "I tune them on validation data with random or Bayesian search.", 10,
         "Definition, contrast with parameters, examples, tuning."),
        ("Things like the learning rate and batch size that you set yourself.", 5, "Examples, thin definition."),
        ("Hyperparameters are the weights of the last layer, which are learned by backpropagation like the others.", 0,
         "Confuses hyperparameters with parameters."),
    ),
    "data-augmentation": (
        ("Data augmentation creates new training examples by applying label-preserving transformations to existing ones: "
         "flips, rotations, crops, scaling and colour jitter for images, or back-translation for text. It increases the "
         "size and diversity of the training set, improving generalization and reducing overfitting. It is applied to "
         "training data only.", 10, "Definition, examples, benefit, training-only."),
        ("You flip and rotate images to get more training data.", 5, "Examples and purpose, thin."),
        ("Data augmentation means adding more layers to the model so it can memorise the data better.", 0,
         "Not augmentation."),
    ),
    "word-embeddings": (
        ("Word embeddings are dense, low-dimensional vectors for words, learned from large corpora with methods like "
         "Word2Vec or GloVe, so that words used in similar contexts get nearby vectors and semantic relationships show "
         "up as directions. Unlike sparse one-hot vectors they generalize across similar words, which helps tasks like "
         "sentiment analysis and translation. Contextual models like BERT give a word different vectors in context.",
         10, "Definition, how learned, why better than one-hot, contextual."),
        ("Embeddings turn words into vectors so the model can use them.", 4, "Gist only."),
        ("Word embeddings are one-hot vectors where each word gets its own dimension, so similar words are always "
         "orthogonal and unrelated.", 1, "Describes one-hot encoding."),
    ),
}


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from interviewer.bank import load_bank

    bank = load_bank()
    ids = list(ANSWERS)
    out = Path(__file__).with_name("interview_answers.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question_id", "question", "reference_answer", "answer", "score", "max_score", "category", "why"])
        for i, qid in enumerate(ids):
            q = bank.get(qid)
            reference = q.references[0].answer
            (good, good_score, good_why), (part, part_score, part_why), (wrong, wrong_score, wrong_why) = ANSWERS[qid]
            other_id = ids[(i + len(ids) // 2) % len(ids)]  # half the set away: a distant topic
            other = ANSWERS[other_id][0][0]
            rows = [
                (good, good_score, "excellent", good_why),
                (part, part_score, "partial", part_why),
                (wrong, wrong_score, "wrong", wrong_why),
                (other, 0, "off-topic", f"A good answer to '{other_id}', not to this question."),
                (f"{part} {other}", part_score, "padded",
                 f"The partial answer ({part_score}) padded with a correct answer to '{other_id}': padding earns nothing."),
            ]
            for answer, score, category, why in rows:
                writer.writerow([qid, q.text, reference, answer, score, 10, category, why])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
