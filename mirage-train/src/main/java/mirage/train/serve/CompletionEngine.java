package mirage.train.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import mirage.train.Autograd;
import mirage.train.Gpt;
import mirage.train.TorchEngine;
import mirage.train.arith.CharVocab;

/**
 * Inference on one trained arithmetic {@link Gpt} from a prompt string: the hook {@code mirage serve}
 * answers {@code /v1/completions} with. Tokens are the characters of {@link CharVocab}
 * ({@code 0123456789+*=} and the end mark {@code $}); a prompt with any other character is refused.
 *
 * <ul>
 *   <li><b>Prompt log-probabilities</b> (echo): one forward pass over the prompt; token i &gt; 0 gets the
 *       natural-log probability the model gave it after tokens 0..i-1 (log-softmax of the logits, float32);
 *       token 0 has none.</li>
 *   <li><b>Generation</b>: from the logits after the prompt, the next token is the most probable one
 *       (temperature 0; ties to the lowest token id, as {@code argMax}) or a draw from
 *       softmax(log-probabilities / temperature) with the caller's generator; the keys and values of the
 *       positions read are cached, so each further token costs one position. Generation ends at the end
 *       mark {@code $} (finish reason {@code stop}; the mark is a generated token with its log-probability,
 *       as vLLM returns its end-of-sequence token, but not part of the text), at a stop sequence
 *       (cut from the text, {@code stop}), after {@code maxTokens} tokens, or when the next token would not
 *       fit the model's context ({@code length}). Generating the k-th token needs the prompt and the k-1
 *       tokens before it in the context: prompt length + k - 1 &le; context.</li>
 *   <li><b>Numbers</b>: log-probabilities are float32 values, reported as the shortest decimal of the
 *       float (as {@code mirage train arithmetic} writes its own target log-probabilities); greedy choices
 *       are made on the raw logits, as {@code ArithmeticEvaluator} makes them.</li>
 * </ul>
 * Thread-safe: each call uses its own NDManager and turns gradient recording off on its own thread.
 */
public final class CompletionEngine {

    /** One of the most probable tokens at a position. */
    public record Alternative(String token, double logprob) {
    }

    /**
     * A token with its log-probability (NaN for the first prompt token, which nothing predicts) and, when
     * asked for, the most probable tokens at its position (null for the first prompt token or when not asked).
     */
    public record Token(String text, double logprob, List<Alternative> top) {
    }

    /**
     * @param prompt the prompt's tokens (empty unless echo was asked for)
     * @param generated the generated tokens; the end mark, when generated, is the last (it is not part of the text)
     * @param text the generated text
     * @param finishReason {@code stop} or {@code length}
     */
    public record Result(List<Token> prompt, List<Token> generated, String text, String finishReason) {
    }

    private final Gpt model;

    public CompletionEngine(Gpt model) {
        this.model = model;
    }

    public int context() {
        return model.config().context();
    }

    /** The token ids of a prompt; IllegalArgumentException naming the first character the model has no token for. */
    public static long[] encode(String prompt) {
        long[] ids = new long[prompt.length()];
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            try {
                ids[i] = CharVocab.id(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("character " + describe(c) + " at position " + i
                        + " is not in the model's vocabulary (" + vocabulary()
                        + "); mirage's arithmetic models read prompts such as 12+34= (mirage eval --format plain --shots 0)");
            }
        }
        return ids;
    }

    /** The end mark's text. */
    public static final char END_MARK = '$';
    /**
     * The id {@code /tokenize} gives a character the models have no token for (one past the models' vocabulary):
     * a client can count and align such text, but a prompt holding it is refused.
     */
    public static final int UNKNOWN_ID = CharVocab.SIZE;
    /** The text of {@link #UNKNOWN_ID} (U+FFFD, the replacement character). */
    public static final char UNKNOWN_TEXT = '\uFFFD';

    /** Token ids of any text, one per character: the models' ids, {@link #UNKNOWN_ID} for other characters. */
    public static int[] tokenize(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            int id = CharVocab.CHARS.indexOf(text.charAt(i));
            ids[i] = id <= 0 ? UNKNOWN_ID : id;
        }
        return ids;
    }

    /** The text of token ids (including {@link #UNKNOWN_ID}); IllegalArgumentException for an id that is not a token. */
    public static String detokenize(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == UNKNOWN_ID) {
                sb.append(UNKNOWN_TEXT);
            } else if (ids[i] >= 1 && ids[i] < CharVocab.SIZE) {
                sb.append(CharVocab.symbol(ids[i]));
            } else {
                throw new IllegalArgumentException("token " + i + " has id " + ids[i] + ", not a token of mirage's tokenizer (1.."
                        + UNKNOWN_ID + "; see GET /tokenizer_info)");
            }
        }
        return sb.toString();
    }

    /** The prompt text of token ids the models read; IllegalArgumentException naming the first id they cannot. */
    public static String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] >= 1 && ids[i] < CharVocab.SIZE) {
                sb.append(CharVocab.symbol(ids[i]));
            } else {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + (ids[i] == UNKNOWN_ID
                        ? " stands for a character outside the models' vocabulary (" + vocabulary() + ")"
                        : " is not a token of the models (ids 1.." + (CharVocab.SIZE - 1) + ", GET /tokenizer_info)"));
            }
        }
        return sb.toString();
    }

    /** The characters that have a token (the padding token excluded): {@code 0123456789+*=$}. */
    public static String vocabulary() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < CharVocab.SIZE; i++) {
            sb.append(CharVocab.symbol(i));
        }
        return sb.toString();
    }

    private static String describe(char c) {
        if (c == '\n') {
            return "'\\n' (line break)";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'" + (c == ' ' ? " (space)" : "");
    }

    /**
     * Completes a prompt.
     *
     * @param echo also return the prompt's tokens with their log-probabilities
     * @param maxTokens most tokens to generate (0: none)
     * @param temperature 0 = greedy
     * @param rng the generator of sampled tokens (unused when greedy)
     * @param stop stop sequences (cut from the text)
     * @param topLogprobs alternatives per token (-1: none; k &gt;= 0: the k most probable plus the chosen token)
     * @throws IllegalArgumentException for an empty prompt, a character without a token, or a prompt longer than the context
     */
    public Result complete(String prompt, boolean echo, int maxTokens, double temperature, SplittableRandom rng,
            List<String> stop, int topLogprobs) {
        long[] ids = encode(prompt);
        int p = ids.length;
        int ctx = context();
        if (p == 0) {
            throw new IllegalArgumentException("the prompt is empty; mirage's models need at least one token to continue");
        }
        if (p > ctx) {
            throw new IllegalArgumentException("the prompt has " + p + " tokens; the model's context is " + ctx + " tokens");
        }
        int v = model.config().vocab();
        List<Token> promptTokens = new ArrayList<>();
        List<Token> generated = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String finish = "length";
        try (Autograd off = Autograd.off(); NDManager m = TorchEngine.newManager()) {
            Gpt.Cache cache = new Gpt.Cache(model.config().layers());
            NDArray logits = model.forward(m.create(ids, new Shape(1, p)), cache); // [1, p, V]
            float[] raw;
            float[] lp;
            if (echo) {
                float[] all = logits.logSoftmax(-1).toFloatArray();
                promptTokens.add(new Token(symbol(ids[0]), Double.NaN, null));
                for (int i = 1; i < p; i++) {
                    float[] row = Arrays.copyOfRange(all, (i - 1) * v, i * v);
                    promptTokens.add(token((int) ids[i], row, topLogprobs));
                }
                lp = Arrays.copyOfRange(all, (p - 1) * v, p * v);
            } else {
                lp = null;
            }
            NDArray last = logits.get(new NDIndex(":, -1, :"));
            raw = last.toFloatArray();
            if (lp == null && maxTokens > 0) {
                lp = last.logSoftmax(-1).toFloatArray();
            }
            for (int k = 0; k < maxTokens; k++) {
                int next = temperature > 0 ? sample(lp, temperature, rng) : argMax(raw);
                if (next == CharVocab.EOS) {
                    // as vLLM returns its end-of-sequence token: a position of its own (in the log-probabilities,
                    // not in the text), so that echo with max_tokens k scores k generated positions
                    generated.add(token(next, lp, topLogprobs));
                    finish = "stop";
                    break;
                }
                generated.add(token(next, lp, topLogprobs));
                text.append(CharVocab.symbol(next));
                int cut = firstStop(text, stop);
                if (cut >= 0) {
                    text.setLength(cut);
                    while (generated.size() > cut) {
                        generated.remove(generated.size() - 1);
                    }
                    finish = "stop";
                    break;
                }
                if (k + 1 == maxTokens || p + k + 1 > ctx) {
                    break; // finish "length": max_tokens reached, or the next token would not fit the context
                }
                NDArray out = model.forward(m.create(new long[] {next}, new Shape(1, 1)), cache).get(new NDIndex(":, -1, :"));
                raw = out.toFloatArray();
                lp = out.logSoftmax(-1).toFloatArray();
            }
        }
        return new Result(promptTokens, generated, text.toString(), finish);
    }

    private static int firstStop(StringBuilder text, List<String> stop) {
        int best = -1;
        for (String s : stop) {
            int i = text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static String symbol(long id) {
        return String.valueOf(CharVocab.symbol((int) id));
    }

    /** The float32 value as the shortest decimal that reads back to it. */
    static double value(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static Token token(int id, float[] row, int topLogprobs) {
        List<Alternative> top = null;
        if (topLogprobs >= 0) {
            Integer[] order = new Integer[row.length];
            for (int i = 0; i < row.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -row[i]).thenComparingInt(i -> i));
            top = new ArrayList<>();
            boolean chosen = false;
            for (int i = 0; i < Math.min(topLogprobs, row.length); i++) {
                top.add(new Alternative(symbol(order[i]), value(row[order[i]])));
                chosen |= order[i] == id;
            }
            if (!chosen) {
                top.add(new Alternative(symbol(id), value(row[id])));
            }
        }
        return new Token(symbol(id), value(row[id]), top);
    }

    /** Index of the largest value, the first one on ties (as PyTorch's argmax). */
    static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A draw from softmax(logprobs / temperature). */
    static int sample(float[] logprobs, double temperature, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (float f : logprobs) {
            max = Math.max(max, f);
        }
        double[] w = new double[logprobs.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp((logprobs[i] - max) / temperature);
            sum += w[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        for (int i = w.length - 1; i >= 0; i--) {
            if (w[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
