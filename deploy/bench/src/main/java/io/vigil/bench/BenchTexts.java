package io.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated security-news texts in several scripts. Sentences come from a small pool per language, each
 * followed by a random note number, so that no two texts are duplicates or near-duplicates while the
 * vocabulary stays realistic for the classifier.
 */
enum BenchTexts {
    AZ("az", "Latin", "Qeyd", new String[] {
        "Azərbaycan Respublikasının Müdafiə Nazirliyi NATO ilə birgə təlimlərin keçirildiyini bildirib.",
        "Bakıda enerji infrastrukturunun mühafizəsi üzrə beynəlxalq konfrans keçirilib.",
        "Kiberhücumlara qarşı mübarizə sahəsində əməkdaşlığın genişləndirilməsi müzakirə olunub.",
        "Sərhəd xidmətinin əməkdaşları qaçaqmalçılığın qarşısını alıblar.",
        "Tərəfdaşlıq naminə Sülh proqramı çərçivəsində növbəti görüş baş tutub.",
        "Mina təmizləmə əməliyyatları azad olunmuş ərazilərdə davam etdirilir.",
        "Xəzər dənizində dəniz təhlükəsizliyi məsələləri gündəmdədir.",
        "Fövqəladə halların idarə olunması üzrə milli plan təsdiqlənib.",
        "Terrorizmə qarşı mübarizə üzrə təlim kursu başa çatıb.",
        "Dezinformasiya kampaniyalarına qarşı strateji kommunikasiya gücləndirilir.",
        "Sülhməramlı əməliyyatlarda iştirak edən hərbçilər vətənə qayıdıb.",
        "Müdafiə islahatları çərçivəsində NATO standartlarının tətbiqi davam edir.",
    }),
    RU("ru", "Cyrillic", "Заметка", new String[] {
        "Министерство обороны Азербайджана сообщило о совместных учениях с партнёрами по НАТО.",
        "В Баку прошла международная конференция по защите энергетической инфраструктуры.",
        "Стороны обсудили расширение сотрудничества в борьбе с кибератаками.",
        "Пограничники предотвратили попытку контрабанды на южной границе.",
        "Работы по разминированию освобождённых территорий продолжаются.",
        "Вопросы морской безопасности на Каспии остаются в повестке дня.",
        "Утверждён национальный план действий в чрезвычайных ситуациях.",
        "Завершился учебный курс по противодействию терроризму.",
        "Стратегические коммуникации против кампаний дезинформации усиливаются.",
        "Миротворцы вернулись на родину после завершения миссии.",
    }),
    FA("fa", "Arabic", "یادداشت", new String[] {
        "وزارت دفاع جمهوری آذربایجان از برگزاری رزمایش مشترک با شرکای ناتو خبر داد.",
        "کنفرانس بین‌المللی امنیت زیرساخت‌های انرژی در باکو برگزار شد.",
        "گسترش همکاری در زمینه مقابله با حملات سایبری مورد بحث قرار گرفت.",
        "ماموران مرزبانی از قاچاق کالا در مرز جنوبی جلوگیری کردند.",
        "عملیات پاکسازی مین در مناطق آزاد شده ادامه دارد.",
        "مسائل امنیت دریایی در دریای خزر در دستور کار قرار دارد.",
        "طرح ملی مدیریت شرایط اضطراری به تصویب رسید.",
        "دوره آموزشی مبارزه با تروریسم به پایان رسید.",
        "ارتباطات راهبردی در برابر کارزارهای اطلاعات نادرست تقویت می‌شود.",
        "نیروهای حافظ صلح پس از پایان ماموریت به کشور بازگشتند.",
    }),
    HY("hy", "Armenian", "Նշում", new String[] {
        "Ադրբեջանի պաշտպանության նախարարությունը հայտնել է ՆԱՏՕ-ի հետ համատեղ զորավարժությունների մասին։",
        "Բաքվում տեղի է ունեցել էներգետիկ ենթակառուցվածքների պաշտպանության միջազգային համաժողով։",
        "Քննարկվել է կիբեռհարձակումների դեմ պայքարում համագործակցության ընդլայնումը։",
        "Սահմանապահները կանխել են մաքսանենգության փորձը հարավային սահմանին։",
        "Ականազերծման աշխատանքները շարունակվում են ազատագրված տարածքներում։",
        "Կասպից ծովում ծովային անվտանգության հարցերը օրակարգում են։",
        "Հաստատվել է արտակարգ իրավիճակների կառավարման ազգային ծրագիրը։",
        "Ավարտվել է ահաբեկչության դեմ պայքարի ուսումնական դասընթացը։",
        "Ապատեղեկատվական արշավների դեմ ռազմավարական հաղորդակցությունն ուժեղացվում է։",
        "Խաղաղապահները վերադարձել են հայրենիք առաքելության ավարտից հետո։",
    });

    private final String lang;
    private final String script;
    private final String note;
    private final String[] sentences;

    BenchTexts(String lang, String script, String note, String[] sentences) {
        this.lang = lang;
        this.script = script;
        this.note = note;
        this.sentences = sentences;
    }

    String lang() {
        return lang;
    }

    String script() {
        return script;
    }

    static BenchTexts ofLang(String lang) {
        for (BenchTexts texts : values()) {
            if (texts.lang.equals(lang)) {
                return texts;
            }
        }
        throw new IllegalArgumentException("no bench texts in " + lang + "; have az, ru, fa, hy");
    }

    String title(long serial) {
        return sentences[(int) (serial % sentences.length)].replaceAll("[.։]$", "") + " " + serial;
    }

    /** {@code count} distinct texts of exactly {@code chars} characters, the same for the same seed. */
    List<String> generate(int count, int chars, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(one(random, i, chars));
        }
        return texts;
    }

    /** One text of {@code chars} characters, determined by the serial alone. */
    String one(long serial, int chars) {
        return one(new Random(serial * 31 + ordinal()), serial, chars);
    }

    private String one(Random random, long serial, int chars) {
        StringBuilder text = new StringBuilder().append(note).append(' ').append(serial).append(". ");
        while (text.length() < chars) {
            text.append(sentences[random.nextInt(sentences.length)]).append(' ')
                    .append(note).append(' ').append(random.nextInt(1_000_000)).append(". ");
        }
        return text.substring(0, chars);
    }
}
