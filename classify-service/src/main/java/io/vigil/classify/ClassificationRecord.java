package io.vigil.classify;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Each classification the service published, for operators; {@code id} is the classified event's ce_id. */
@Entity
@Table(name = "classification")
public class ClassificationRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    @Column(nullable = false)
    public int version;

    public String lang;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Classification.TopicTag> topics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Classification.CountryTag> countries;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> focus;

    @Column(name = "classified_at", nullable = false)
    public Instant classifiedAt;

    public static ClassificationRecord of(UUID id, UUID articleId, int version, Classification classification,
                                          Instant classifiedAt) {
        ClassificationRecord record = new ClassificationRecord();
        record.id = id;
        record.articleId = articleId;
        record.version = version;
        record.lang = classification.lang();
        record.topics = classification.topics();
        record.countries = classification.countries();
        record.focus = classification.focus();
        record.classifiedAt = classifiedAt;
        return record;
    }

    public static List<ClassificationRecord> ofArticle(UUID articleId) {
        return list("articleId", articleId);
    }
}
