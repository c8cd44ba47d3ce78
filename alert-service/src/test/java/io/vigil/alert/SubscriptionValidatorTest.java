package io.vigil.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SubscriptionValidatorTest {

    private final SubscriptionValidator validator = new SubscriptionValidator();

    @Test
    void normalisesCaseAndDefaultsTheMinimumScore() {
        SubscriptionCriteria criteria = validator.criteria(List.of("cyber"), null, List.of("az", "XK"), List.of("pfp"),
                null, List.of("AZ"), null, null);

        assertEquals(List.of("AZ", "XK"), criteria.countries());
        assertEquals(List.of("PFP"), criteria.frameworks());
        assertEquals(List.of("az"), criteria.languages());
        assertEquals(0.5, criteria.minScore());
    }

    @Test
    void unknownValuesAreNamedWithTheValidOnes() {
        InvalidSubscriptionException error = assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(List.of("cyber", "weather"), null, List.of("ZZ"), List.of("SCO"), null, List.of(),
                        0.5, null));

        assertTrue(error.getMessage().contains("weather"));
        assertTrue(error.getMessage().contains("maritime-security"));
        assertTrue(error.getMessage().contains("SCO"));
        assertTrue(error.getMessage().contains("[ICI, MD, NATO, PATG, PFP]"));
        assertEquals(List.of("ZZ"), error.details().get("unknownCountries"));
    }

    @Test
    void someContentCriterionIsRequired() {
        assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(List.of(), null, null, List.of(), null, List.of("az"), 0.5, null));
    }

    @Test
    void minimumScoreStaysWithinZeroAndOne() {
        assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(List.of("cyber"), null, List.of(), List.of(), null, List.of(), 1.5, null));
        assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(List.of("cyber"), null, List.of(), List.of(), null, List.of(), -0.1, null));
    }

    @Test
    void keywordQueryAloneIsEnoughButMustParse() {
        SubscriptionCriteria criteria = validator.criteria(null, "all", null, null, true, null, null, " ransomware ");

        assertEquals("ransomware", criteria.query());
        assertEquals(TopicsMode.ALL, criteria.topicsMode());
        assertTrue(criteria.focusOnly());
        InvalidSubscriptionException error = assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(null, null, null, null, null, null, null, "(ransomware AND"));
        assertTrue(error.getMessage().contains("Lucene"));
        assertThrows(InvalidSubscriptionException.class,
                () -> validator.criteria(List.of("cyber"), "most", null, null, null, null, null, null));
    }

    @Test
    void webhookUrlMustBeAbsoluteHttp() {
        assertEquals("https://hooks.example.org/x", validator.webhookUrl("https://hooks.example.org/x"));
        assertThrows(InvalidSubscriptionException.class, () -> validator.webhookUrl("/relative"));
        assertThrows(InvalidSubscriptionException.class, () -> validator.webhookUrl("ftp://example.org/x"));
        assertThrows(InvalidSubscriptionException.class, () -> validator.webhookUrl("http://"));
        assertThrows(InvalidSubscriptionException.class, () -> validator.webhookUrl(null));
    }
}
