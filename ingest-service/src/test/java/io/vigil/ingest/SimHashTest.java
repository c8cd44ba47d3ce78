package io.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimHashTest {

    private static final String STORY = """
            Azerbaijan and NATO held talks in Baku on expanding cooperation in cyber defence, with officials
            from both sides reviewing the individual partnership action plan and discussing joint training of
            specialists, the protection of critical information infrastructure and exchanges between national
            computer emergency response teams. The delegation also visited the state security service and met
            members of parliament to discuss defence reform, interoperability and the participation of
            Azerbaijani units in multinational exercises planned for next year under the Partnership for Peace
            programme, and both sides agreed to hold the next round of consultations in Brussels in the spring.
            The talks followed a visit by the deputy assistant secretary general for emerging security
            challenges, who praised the progress made since the last review and stressed the importance of
            resilience against hybrid threats, including disinformation campaigns and attacks on energy
            infrastructure in the Caspian region. Officials said that a new training course for cyber
            specialists would open at the national defence university, that a liaison officer would be
            appointed to the alliance headquarters, and that the results of the joint assessment would be
            presented to the defence ministers at their meeting in the autumn. The minister of foreign affairs
            thanked the allies for their support and said that the country remained committed to dialogue
            """;

    private static long simhash(String text) {
        return SimHash.of(TextFingerprint.normalize(text));
    }

    @Test
    void identicalTextsHaveIdenticalFingerprints() {
        assertEquals(simhash(STORY), simhash(STORY.toUpperCase().replace(",", " ,")));
    }

    @Test
    void aLightEditStaysWithinThreeBits() {
        String edited = STORY.replace("joint training", "common training");
        int distance = SimHash.distance(simhash(STORY), simhash(edited));
        assertTrue(distance <= 3, "distance " + distance);
    }

    @Test
    void unrelatedTextsAreFarApart() {
        String other = """
                The national football team won its qualifying match on Saturday evening after a late goal, and
                the coach praised the young midfielders who came on in the second half and changed the game,
                while ticket prices for the next home fixture were announced by the federation on Monday
                """;
        int distance = SimHash.distance(simhash(STORY), simhash(other));
        assertTrue(distance > 10, "distance " + distance);
    }

    @Test
    void shortAndEmptyTextsAreHandled() {
        assertEquals(0, SimHash.of(""));
        assertEquals(SimHash.of("two words"), SimHash.of("two words"));
    }

    @Test
    void bandsSplitTheFingerprintIntoFourSixteenBitParts() {
        long fingerprint = 0x1234_5678_9ABC_DEF0L;
        assertEquals(0xDEF0, SimHash.band(fingerprint, 0));
        assertEquals(0x9ABC, SimHash.band(fingerprint, 1));
        assertEquals(0x5678, SimHash.band(fingerprint, 2));
        assertEquals(0x1234, SimHash.band(fingerprint, 3));
    }

    @Test
    void fingerprintsWithinThreeBitsShareABand() {
        long a = 0x0F0F_F0F0_0F0F_F0F0L;
        long b = a ^ (1L << 3) ^ (1L << 20) ^ (1L << 40);
        boolean shared = false;
        for (int band = 0; band < 4; band++) {
            shared |= SimHash.band(a, band) == SimHash.band(b, band);
        }
        assertTrue(shared);
    }
}
