package io.vigil.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topic ids and languages of /work/shared/TAXONOMY.md: the ids that travel in events, APIs and subscriptions. */
public final class Taxonomy {

    public static final List<String> LANGUAGES = List.of("az", "fa", "ar", "ru", "tr", "en", "fr", "uk", "hy", "ka");

    public static final Map<String, String> TOPICS;

    static {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("terrorism", "terrorist attacks and groups, counter-terrorism cooperation, anti-terror training centres, terrorist financing, violent extremism");
        topics.put("cyber", "cyber attacks, cybercrime, cyber defence and cyber security cooperation, protection of information and communication systems, CERTs");
        topics.put("energy-security", "security of energy supply and transit, protection of energy infrastructure (pipelines, platforms, grids, power plants)");
        topics.put("maritime-security", "piracy, maritime security, naval patrols and operations, security of sea lanes and ports");
        topics.put("cbrn", "chemical, biological, radiological and nuclear threats and incidents, WMD proliferation, CBRN defence and response");
        topics.put("border-security", "border security and management, cross-border smuggling and trafficking");
        topics.put("mine-action", "demining, unexploded ordnance, demilitarisation and stockpile destruction");
        topics.put("crisis-management", "crisis management, civil emergency planning, civil preparedness and resilience, disaster response, protection of non-energy critical infrastructure");
        topics.put("military-exercises", "military exercises, drills, joint and mobile training of forces, participation in or observation of exercises");
        topics.put("defence-reform", "defence reform, interoperability and NATO standards, defence capacity building, defence education and institution building");
        topics.put("peace-operations", "peace-support and crisis-response operations and missions (for example KFOR, ISAF, Resolute Support, NATO Mission Iraq, UN peacekeeping), troop contributions");
        topics.put("partnership-diplomacy", "partnership frameworks and political dialogue with NATO or allies: Partnership for Peace, Istanbul Cooperation Initiative, Mediterranean Dialogue, partnership programmes (IPAP, ITPP), high-level visits, summits, consultations, liaison offices and contact point embassies");
        topics.put("regional-conflict", "wars, armed conflicts, occupation, ceasefires, peace processes, peace treaties and normalisation between states");
        topics.put("hybrid-disinformation", "hybrid threats, disinformation, propaganda, information warfare, strategic communications");
        TOPICS = Map.copyOf(topics);
    }

    /** Topic ids in the order of TAXONOMY.md. */
    public static final List<String> TOPIC_IDS = List.of("terrorism", "cyber", "energy-security", "maritime-security", "cbrn",
            "border-security", "mine-action", "crisis-management", "military-exercises", "defence-reform", "peace-operations",
            "partnership-diplomacy", "regional-conflict", "hybrid-disinformation");

    private Taxonomy() {
    }
}
