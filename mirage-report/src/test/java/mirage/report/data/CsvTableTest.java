package mirage.report.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mirage.core.InputException;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void quotedFieldsWithCommasQuotesAndLineBreaks() {
        CsvTable t = CsvTable.parse("x.csv", "\uFEFFfamily,task,value\r\n\"a,b\",\"say \"\"hi\"\"\",1\r\n\"two\nlines\",t,2.5\n");
        assertThat(t.header()).containsExactly("family", "task", "value");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.get(0, "family")).isEqualTo("a,b");
        assertThat(t.get(0, "task")).isEqualTo("say \"hi\"");
        assertThat(t.get(1, "family")).isEqualTo("two\nlines");
        assertThat(t.number(1, "value")).isEqualTo(2.5);
        assertThat(t.line(0)).isEqualTo(2);
        assertThat(t.line(1)).isEqualTo(3);
    }

    @Test
    void columnsByNameToleratingMissingAndExtraColumns() {
        CsvTable t = CsvTable.parse("x.csv", "b,a,extra\n1,2,3\n4\n\n");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.get(0, "a")).isEqualTo("2");
        assertThat(t.get(1, "a")).isEmpty(); // short row padded
        assertThat(t.get(0, "absent")).isEmpty();
        assertThat(t.number(0, "absent")).isNaN();
        assertThat(t.firstColumn("nope", "extra", "a")).isEqualTo("extra");
    }

    @Test
    void numbersAsMirageWritesThem() {
        CsvTable t = CsvTable.parse("x.csv", "v\n\ninf\n-inf\n1e-5\nNaN\n");
        assertThat(t.size()).isEqualTo(5 - 1); // the blank line is skipped
        assertThat(t.number(0, "v")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.number(1, "v")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.number(2, "v")).isEqualTo(1e-5);
        assertThat(t.number(3, "v")).isNaN();
        assertThat(CsvTable.parseNumber("")).isNaN();
    }

    @Test
    void badInputNamesFileLineAndField() {
        CsvTable t = CsvTable.parse("s.csv", "v\n1\nabc\n");
        assertThatThrownBy(() -> t.number(1, "v")).isInstanceOf(InputException.class)
                .hasMessage("s.csv:3: field 'v': expected a number, got \"abc\"");
        assertThatThrownBy(() -> CsvTable.parse("s.csv", "a,b\n1,2,3\n")).isInstanceOf(InputException.class)
                .hasMessageContaining("s.csv:2").hasMessageContaining("3 fields");
        assertThatThrownBy(() -> CsvTable.parse("s.csv", "a\n\"open\n")).isInstanceOf(InputException.class)
                .hasMessageContaining("s.csv:2").hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> CsvTable.parse("s.csv", "")).isInstanceOf(InputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvTable.parse("s.csv", "v\n1.5d\n").number(0, "v")).isInstanceOf(InputException.class);
    }

    @Test
    void booleans() {
        CsvTable t = CsvTable.parse("x.csv", "b\ntrue\nFALSE\n\nmaybe\n");
        assertThat(t.bool(0, "b")).isTrue();
        assertThat(t.bool(1, "b")).isFalse();
        assertThat(t.bool(2, "b")).isNull();
    }
}
