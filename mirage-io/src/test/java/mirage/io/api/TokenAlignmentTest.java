package mirage.io.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Target and output tokens in the server's own tokenisation (the rules of {@link TokenAlignment}). */
class TokenAlignmentTest {

    static Completion c(String text, List<String> tokens, double[] lps, int[] offsets) {
        return new Completion(text, tokens, lps, offsets, "stop");
    }

    static double[] lps(int n) {
        double[] v = new double[n];
        v[0] = Double.NaN;
        for (int i = 1; i < n; i++) {
            v[i] = -i / 10.0; // the double nearest -i/10, as the literals below
        }
        return v;
    }

    @Test
    void targetTokensAreTheEchoedTokensOverTheContinuation() throws Exception {
        // "Q: What is 12 plus 34? A:" + " 46", a BPE-like tokeniser
        List<String> toks = List.of("Q", ":", " What", " is", " 12", " plus", " 34", "?", " A", ":", " 46");
        String text = String.join("", toks);
        TokenAlignment.Target t = TokenAlignment.target(c(text, toks, lps(11), null), "Q: What is 12 plus 34? A:", " 46", "x");
        assertThat(t.tokens()).containsExactly(" 46");
        assertThat(t.logprobs()).containsExactly(-1.0);
        assertThat(t.straddling()).isFalse();
        assertThat(t.spelled()).isTrue();
        // digits one token each (Llama-style), the lead space its own token
        List<String> toks2 = List.of("1", "2", "+", "3", "4", "=", " ", "4", "6");
        TokenAlignment.Target t2 = TokenAlignment.target(c("12+34= 46", toks2, lps(9), null), "12+34=", " 46", "x");
        assertThat(t2.tokens()).containsExactly(" ", "4", "6");
        assertThat(t2.logprobs()).containsExactly(-0.6, -0.7, -0.8);
    }

    @Test
    void aTokenAcrossThePromptBoundaryCountsAsTargetTokenWrittenAsItsTargetPart() throws Exception {
        List<String> toks = List.of("12", "+", "34", "=4", "6");
        TokenAlignment.Target t = TokenAlignment.target(c("12+34=46", toks, lps(5), null), "12+34=", "46", "x");
        assertThat(t.tokens()).containsExactly("4", "6");
        assertThat(t.logprobs()).containsExactly(-0.3, -0.4); // the merged token's whole log-probability
        assertThat(t.straddling()).isTrue();
    }

    @Test
    void offsetsPlaceTokensThatDoNotSpellTheText() throws Exception {
        // vLLM writes an incomplete UTF-8 character as "bytes:\xe2\x82"; offsets are code points
        String text = "€ x=12";
        List<String> toks = List.of("bytes:\\xe2\\x82", "bytes:\\xac", " x", "=", "12");
        int[] offsets = {0, 0, 1, 3, 4};
        TokenAlignment.Target t = TokenAlignment.target(c(text, toks, lps(5), offsets), "€ x=", "12", "x");
        assertThat(t.tokens()).containsExactly("12");
        assertThat(t.spelled()).isFalse();
        // code points, not UTF-16 units: a character outside the BMP counts once
        String t2 = "😀=7";
        TokenAlignment.Target tt = TokenAlignment.target(c(t2, List.of("?", "=", "7"), lps(3), new int[] {0, 1, 2}), "😀=", "7", "x");
        assertThat(tt.tokens()).containsExactly("7");
        assertThat(tt.logprobs()).containsExactly(-0.2);
    }

    @Test
    void anEchoOfAnotherPromptOrWithoutLogprobsIsRefused() {
        List<String> toks = List.of("1", "+", "1", "=", "2");
        assertThatThrownBy(() -> TokenAlignment.target(c("1+1=2", toks, lps(5), null), "2+2=", "4", "model m, item 2+2"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("model m, item 2+2: the echoed text differs from the prompt and target sent at character 0");
        double[] v = lps(5);
        v[4] = Double.NaN;
        assertThatThrownBy(() -> TokenAlignment.target(c("1+1=2", toks, v, null), "1+1=", "2", "x"))
                .hasMessageContaining("no log-probability for target token 0");
        double[] pos = lps(5);
        pos[4] = 0.5;
        assertThatThrownBy(() -> TokenAlignment.target(c("1+1=2", toks, pos, null), "1+1=", "2", "x"))
                .hasMessageContaining("not a log-probability");
        assertThatThrownBy(() -> TokenAlignment.target(c("1+1=2", List.of("a", "b"), lps(2), null), "1+1=", "2", "x"))
                .hasMessageContaining("do not spell the text");
    }

    @Test
    void outputTokensStopAtTheEndOfTheText() {
        // the stop sequence was cut from the text but not from the tokens
        TokenAlignment.Output o = TokenAlignment.output(c(" 124", List.of(" 12", "4\n", "Q"), new double[3], null));
        assertThat(o.tokens()).containsExactly(" 12", "4");
        assertThat(o.aligned()).isTrue();
        // an end-of-text token after the text
        TokenAlignment.Output eos = TokenAlignment.output(c("7", List.of("7", "</s>"), new double[2], null));
        assertThat(eos.tokens()).containsExactly("7");
        TokenAlignment.Output empty = TokenAlignment.output(c("", List.of("<|endoftext|>"), new double[1], null));
        assertThat(empty.tokens()).isEmpty();
        // tokens that cannot be placed are kept as sent, and said so
        TokenAlignment.Output odd = TokenAlignment.output(c("12", List.of("bytes:\\x31", "2"), new double[2], null));
        assertThat(odd.tokens()).containsExactly("bytes:\\x31", "2");
        assertThat(odd.aligned()).isFalse();
        // ... unless offsets place them (relative to the first token without echo)
        TokenAlignment.Output off = TokenAlignment.output(c("12", List.of("bytes:\\x31", "2"), new double[2], new int[] {30, 31}));
        assertThat(off.tokens()).containsExactly("1", "2");
        assertThat(off.aligned()).isTrue();
    }
}
