package mirage.io.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import mirage.io.results.SkipLog;
import org.junit.jupiter.api.Test;

/**
 * The analysis outputs' columns are named once ({@link AnalysisSchema}): the headers are sealed here (a renamed
 * column fails this test, and docs/FORMATS.md must follow), every column constant a reader may look up is a column
 * of its file, and the writers of mirage-io write exactly these headers.
 */
class AnalysisSchemaTest {

    /** The documented headers (docs/FORMATS.md, "Analysis outputs"), as users' scripts read them. */
    static final Map<Class<?>, String> SEALED = Map.of(
            AnalysisSchema.Series.class, "family,task,metric,labels,axis,model,scale,value,n,stderr,lower,upper,chance,"
                    + "series_id,resolution,zero_status",
            AnalysisSchema.Emergence.class, "family,task,metric,shots,labels,n_models,min_scale,max_scale,emergence_score,"
                    + "es_lower,es_upper,shape,emergent,es_scale,status,higher_is_better,continuous,linear,axis,n_scales,"
                    + "min_value,max_value,min_n,metric_known,series_id",
            AnalysisSchema.ByMetric.class, "metric,series,scored_series,too_few_sizes,emergent_series,score_above_threshold,"
                    + "share_of_emergent,emergent_rate,threshold,higher_is_better,continuous,linear,metric_known",
            AnalysisSchema.Verdicts.class, "family,task,labels,metric,partner,verdict,reason,shape,explanation,partner_declared,"
                    + "n_models,min_scale,max_scale,min_items,triplets,emergence_score,eta,eta_lower,eta_upper,eta_method,"
                    + "sharp_p,sharp_q,gradual_p,gradual_q,change_z,jump_from,jump_to,error_form,partner_eta,"
                    + "partner_eta_lower,partner_eta_upper,partner_excess,partner_excess_lower,partner_excess_upper,"
                    + "partner_method,partner_jump_p,partner_jump_q,partner_no_jump_p,partner_no_jump_q,partner_misfit,"
                    + "partner_lof_p,link,max_discrepancy,explains,route_error,near_floor,below_resolution,items_needed,"
                    + "sizes_needed",
            AnalysisSchema.Backtest.class, "family,task,labels,metric,route,model,scale,training_points,observed,"
                    + "observed_lower,observed_upper,predicted,lower,upper,interval_method,error,within,status,detail",
            AnalysisSchema.Lengths.class, "family,task,labels,metric,model,scale,lengths,likelihood,items,geometric_form,"
                    + "geometric_factor,geometric_lower,geometric_upper,geometric_interval,geometric_scale,geometric_loglik,"
                    + "geometric_aic,geometric_deviance,geometric_gof_p,linear_intercept,linear_slope,linear_slope_lower,"
                    + "linear_slope_upper,linear_interval,linear_loglik,linear_aic,linear_deviance,linear_gof_p,delta_aic,better,"
                    + "token_accuracy,p_minus_token_accuracy,token_accuracy_in_interval,token_prob,p_minus_token_prob,note",
            AnalysisSchema.Skipped.class, "file,line,field,reason");

    @SuppressWarnings("unchecked")
    static List<String> columns(Class<?> table) throws ReflectiveOperationException {
        return (List<String>) table.getField("COLUMNS").get(null);
    }

    @Test
    void headersAreSealed() throws Exception {
        for (Map.Entry<Class<?>, String> e : SEALED.entrySet()) {
            assertThat(String.join(",", columns(e.getKey()))).as(e.getKey().getSimpleName()).isEqualTo(e.getValue());
        }
        assertThat(AnalysisSchema.class.getClasses()).hasSize(SEALED.size());
    }

    @Test
    void everyColumnConstantIsAColumnOfItsFile() throws Exception {
        for (Class<?> table : AnalysisSchema.class.getClasses()) {
            List<String> cols = columns(table);
            assertThat(cols).as(table.getSimpleName() + " has no duplicate column").doesNotHaveDuplicates();
            int constants = 0;
            for (Field f : table.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class || f.getName().equals("FILE")) {
                    continue;
                }
                constants++;
                assertThat(cols).as(table.getSimpleName() + "." + f.getName()).contains((String) f.get(null));
            }
            assertThat(constants).as(table.getSimpleName() + ": a constant per column").isEqualTo(cols.size());
            assertThat((String) table.getField("FILE").get(null)).endsWith(".csv");
        }
    }

    @Test
    void theWritersOfMirageIoWriteTheSchema() {
        assertThat(VerdictsCsv.COLUMNS).isSameAs(AnalysisSchema.Verdicts.COLUMNS);
        assertThat(BacktestCsv.COLUMNS).isSameAs(AnalysisSchema.Backtest.COLUMNS);
        assertThat(SkipLog.COLUMNS).isSameAs(AnalysisSchema.Skipped.COLUMNS);
    }

    @Test
    void labelColumnsAreSortedByKeyAndEmptyWhereARowHasNoSuchLabel() {
        List<String> keys = List.of("target_length", "shots", "deduped");
        assertThat(AnalysisSchema.labelColumns(keys)).containsExactly("label_deduped", "label_shots", "label_target_length");
        assertThat(AnalysisSchema.labelFields(keys, Map.of("shots", "5", "target_length", "3"))).containsExactly("", "5", "3");
    }
}
