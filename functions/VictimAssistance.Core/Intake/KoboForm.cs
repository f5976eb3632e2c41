using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// The survivor registration form: the one source of truth for the XLSForm in <c>seeds/forms/</c> (written by
/// tools/VictimAssistance.Forms) and for the intake mapping of its submissions. Choice lists of API vocabularies
/// take their names from <see cref="Vocabularies"/>, so the form cannot offer a value the API refuses.
/// </summary>
public static class KoboForm
{
    public const string FormId = "victim_assistance_registration";

    /// <summary>Raise with every change of the form; KoboToolbox shows it as the form's version.</summary>
    public const string Version = "2026112801";

    private const string NotInFuture = ". <= today()";
    private const string E164 = @"regex(., '^\+[1-9][0-9]{6,14}$')";
    private const string Admin1 = "regex(., '^[A-Za-z0-9._-]{1,20}$')";

    private static readonly FormText NotInFutureMessage = new("Must not be in the future.", "Gələcək tarix ola bilməz.", "Дата не может быть в будущем.");
    private static readonly FormText NameMessage = new("At most 100 characters.", "Ən çox 100 simvol.", "Не более 100 символов.");

    public static SurveyForm Survey { get; } = new(
        FormId,
        Version,
        "Victim assistance: survivor registration",
        [
            new("victim_type", FormAnswer.SelectOne, "victimType", new("Who is registered?", "Kim qeydiyyata alınır?", "Кто регистрируется?"))
            {
                ChoiceList = "victim_type", Required = true,
            },
        ],
        [
            new("survivor", new("Survivor", "Zərərçəkən", "Пострадавший"), IsRepeat: false, SurvivorQuestions()),
            new("incident", new("Incident", "Hadisə", "Инцидент"), IsRepeat: false, IncidentQuestions()),
            new("consent", new("Consent", "Razılıq", "Согласие"), IsRepeat: false, ConsentQuestions()),
            new("needs", new("Needs", "Ehtiyaclar", "Потребности"), IsRepeat: true, NeedQuestions()),
        ],
        ChoiceLists());

    private static List<FormQuestion> SurvivorQuestions() =>
    [
        Name("given_name", "survivor.givenName", new("Given name", "Ad", "Имя")),
        Name("family_name", "survivor.familyName", new("Family name", "Soyad", "Фамилия")),
        new("sex", FormAnswer.SelectOne, "survivor.sex", new("Sex", "Cins", "Пол")) { ChoiceList = "sex", Required = true },
        new("date_of_birth", FormAnswer.Date, "survivor.dateOfBirth", new("Date of birth", "Doğum tarixi", "Дата рождения"))
        {
            Constraint = NotInFuture, ConstraintMessage = NotInFutureMessage,
        },
        new("estimated_age", FormAnswer.WholeNumber, "survivor.estimatedAge", new("Estimated age (years)", "Təxmini yaş (il)", "Примерный возраст (лет)"))
        {
            Constraint = ". >= 0 and . <= 120",
            ConstraintMessage = new("From 0 to 120.", "0-dan 120-dək.", "От 0 до 120."),
            Relevant = "${date_of_birth} = ''",
        },
        new("phone", FormAnswer.Text, "survivor.phone", new("Phone (+994…)", "Telefon (+994…)", "Телефон (+994…)"))
        {
            Constraint = E164,
            ConstraintMessage = new("An international number such as +994501234567.", "Beynəlxalq nömrə, məsələn +994501234567.", "Международный номер, например +994501234567."),
        },
        new("preferred_language", FormAnswer.SelectOne, "survivor.preferredLanguage", new("Preferred language", "Üstünlük verilən dil", "Предпочитаемый язык"))
        {
            ChoiceList = "language",
        },
        new("admin1", FormAnswer.Text, "survivor.location.admin1", new("District code (ISO 3166-2, e.g. AZ-AGM)", "Rayon kodu (ISO 3166-2, məs. AZ-AGM)", "Код района (ISO 3166-2, напр. AZ-AGM)"))
        {
            Required = true, Constraint = Admin1, ConstraintMessage = Admin1Message,
        },
        Place("admin2", "survivor.location.admin2", new("District or town", "Rayon və ya şəhər", "Район или город")),
        Place("community", "survivor.location.community", new("Village or community", "Kənd və ya icma", "Село или община")),
        Functioning("wg_seeing", "seeing", new("Difficulty seeing, even with glasses?", "Eynəklə belə görməkdə çətinlik?", "Трудности со зрением, даже в очках?")),
        Functioning("wg_hearing", "hearing", new("Difficulty hearing, even with a hearing aid?", "Eşitmə cihazı ilə belə eşitməkdə çətinlik?", "Трудности со слухом, даже со слуховым аппаратом?")),
        Functioning("wg_walking", "walking", new("Difficulty walking or climbing steps?", "Yeriməkdə və ya pilləkən qalxmaqda çətinlik?", "Трудности при ходьбе или подъёме по лестнице?")),
        Functioning("wg_cognition", "cognition", new("Difficulty remembering or concentrating?", "Yadda saxlamaqda və ya diqqəti cəmləməkdə çətinlik?", "Трудности с памятью или концентрацией?")),
        Functioning("wg_selfcare", "selfCare", new("Difficulty with self-care, such as washing or dressing?", "Özünəqulluqda (yuyunmaq, geyinmək) çətinlik?", "Трудности с самообслуживанием (мытьё, одевание)?")),
        Functioning("wg_communication", "communication", new("Difficulty communicating?", "Ünsiyyətdə çətinlik?", "Трудности в общении?")),
    ];

    private static List<FormQuestion> IncidentQuestions() =>
    [
        new("incident_date", FormAnswer.Date, "incident.date", new("Date of the incident", "Hadisənin tarixi", "Дата инцидента"))
        {
            Constraint = NotInFuture, ConstraintMessage = NotInFutureMessage,
        },
        new("device_type", FormAnswer.SelectOne, "incident.deviceType", new("Device", "Partlayıcı qurğu", "Взрывное устройство")) { ChoiceList = "device_type", Required = true },
        new("civilian_status", FormAnswer.SelectOne, "incident.civilianStatus", new("Civilian status", "Mülki status", "Статус")) { ChoiceList = "civilian_status" },
        Place("activity", "incident.activity", new("Activity at the time", "Hadisə zamanı fəaliyyət", "Занятие в момент инцидента")),
        new("injuries", FormAnswer.SelectMultiple, "incident.injuries", new("Injuries", "Xəsarətlər", "Травмы")) { ChoiceList = "injury" },
        new("admin1", FormAnswer.Text, "incident.location.admin1", new("District code of the incident, if different", "Hadisə yerinin rayon kodu (fərqlidirsə)", "Код района инцидента (если другой)"))
        {
            Constraint = Admin1, ConstraintMessage = Admin1Message,
        },
    ];

    private static List<FormQuestion> ConsentQuestions() =>
    [
        new("legal_basis", FormAnswer.SelectOne, "legalBasis", new("Legal basis for keeping this record", "Qeydin saxlanmasının hüquqi əsası", "Правовое основание хранения записи"))
        {
            ChoiceList = "legal_basis", Required = true,
        },
        new("consent_referral", FormAnswer.YesNo, "consent.referral", new("Consents to share details with a service provider?", "Məlumatların xidmət təminatçısı ilə paylaşılmasına razıdır?", "Согласен(на) передать данные поставщику услуг?"))
        {
            ChoiceList = "yes_no", Required = true,
        },
        new("consent_given_by", FormAnswer.SelectOne, "consent.givenBy", new("Consent given by", "Razılığı verən", "Согласие дал(а)"))
        {
            ChoiceList = "consent_given_by", Required = true, Relevant = "${consent_referral} = 'yes'",
        },
    ];

    private static List<FormQuestion> NeedQuestions() =>
    [
        new("service_type", FormAnswer.SelectOne, "serviceType", new("Service needed", "Lazım olan xidmət", "Необходимая услуга")) { ChoiceList = "service_type", Required = true },
        new("urgency", FormAnswer.SelectOne, "urgency", new("Urgency", "Təcililik", "Срочность")) { ChoiceList = "urgency" },
        new("notes", FormAnswer.Text, "notes", new("Notes", "Qeydlər", "Примечания"))
        {
            Constraint = "string-length(.) <= 2000",
            ConstraintMessage = new("At most 2000 characters.", "Ən çox 2000 simvol.", "Не более 2000 символов."),
        },
    ];

    private static FormText Admin1Message => new("A code such as AZ-AGM.", "Kod, məsələn AZ-AGM.", "Код, например AZ-AGM.");

    private static FormQuestion Name(string name, string caseField, FormText label) =>
        new(name, FormAnswer.Text, caseField, label) { Required = true, Constraint = "string-length(.) <= 100", ConstraintMessage = NameMessage };

    private static FormQuestion Place(string name, string caseField, FormText label) =>
        new(name, FormAnswer.Text, caseField, label) { Constraint = "string-length(.) <= 100", ConstraintMessage = NameMessage };

    private static FormQuestion Functioning(string name, string domain, FormText label) =>
        new(name, FormAnswer.WholeNumber, $"survivor.functioning.{domain}", label) { ChoiceList = "difficulty" };

    private static List<FormChoiceList> ChoiceLists() =>
    [
        Vocabulary("victim_type", Vocabularies.VictimType, new()
        {
            ["survivor"] = new("Survivor (injured person)", "Sağ qalan (xəsarət alan şəxs)", "Выживший (пострадавший)"),
            ["indirect_victim"] = new("Family member of a person killed or injured", "Həlak olmuş və ya xəsarət almış şəxsin ailə üzvü", "Член семьи погибшего или пострадавшего"),
        }),
        Vocabulary("sex", Vocabularies.Sex, new()
        {
            ["female"] = new("Female", "Qadın", "Женский"),
            ["male"] = new("Male", "Kişi", "Мужской"),
            ["unknown"] = new("Unknown", "Məlum deyil", "Неизвестно"),
        }),
        new("language",
        [
            new("az", new("Azerbaijani", "Azərbaycan dili", "Азербайджанский")),
            new("ru", new("Russian", "Rus dili", "Русский")),
            new("en", new("English", "İngilis dili", "Английский")),
        ]),
        new("difficulty",
        [
            new("1", new("No difficulty", "Çətinlik yoxdur", "Нет трудностей")),
            new("2", new("Some difficulty", "Bir qədər çətinlik", "Некоторые трудности")),
            new("3", new("A lot of difficulty", "Çox çətinlik", "Большие трудности")),
            new("4", new("Cannot do at all", "Heç edə bilmir", "Не может совсем")),
        ]),
        Vocabulary("device_type", Vocabularies.DeviceType, new()
        {
            ["antipersonnel_mine"] = new("Anti-personnel mine", "Piyada əleyhinə mina", "Противопехотная мина"),
            ["antivehicle_mine"] = new("Anti-vehicle mine", "Tank əleyhinə mina", "Противотранспортная мина"),
            ["improvised_explosive_device"] = new("Improvised explosive device", "Əl işi partlayıcı qurğu", "Самодельное взрывное устройство"),
            ["cluster_munition_remnant"] = new("Cluster munition remnant", "Kaset sursatının qalığı", "Остаток кассетного боеприпаса"),
            ["unexploded_ordnance"] = new("Unexploded ordnance", "Partlamamış sursat", "Неразорвавшийся боеприпас"),
            ["abandoned_explosive_ordnance"] = new("Abandoned explosive ordnance", "Atılmış partlayıcı sursat", "Оставленный взрывоопасный боеприпас"),
            ["other"] = new("Other", "Digər", "Другое"),
            ["unknown"] = new("Unknown", "Məlum deyil", "Неизвестно"),
        }),
        Vocabulary("civilian_status", Vocabularies.CivilianStatus, new()
        {
            ["civilian"] = new("Civilian", "Mülki şəxs", "Гражданское лицо"),
            ["military"] = new("Military", "Hərbçi", "Военнослужащий"),
            ["deminer"] = new("Deminer", "Minatəmizləyən", "Сапёр"),
            ["unknown"] = new("Unknown", "Məlum deyil", "Неизвестно"),
        }),
        new("injury",
        [
            new("lower_limb_amputation", new("Lower limb amputation", "Aşağı ətrafın amputasiyası", "Ампутация нижней конечности")),
            new("upper_limb_amputation", new("Upper limb amputation", "Yuxarı ətrafın amputasiyası", "Ампутация верхней конечности")),
            new("vision_loss", new("Loss of vision", "Görmə itkisi", "Потеря зрения")),
            new("hearing_loss", new("Loss of hearing", "Eşitmə itkisi", "Потеря слуха")),
            new("fragment_wounds", new("Fragment wounds", "Qəlpə yaraları", "Осколочные ранения")),
            new("burns", new("Burns", "Yanıqlar", "Ожоги")),
            new("spinal_injury", new("Spinal injury", "Onurğa zədəsi", "Травма позвоночника")),
            new("head_injury", new("Head injury", "Baş zədəsi", "Травма головы")),
            new("other", new("Other", "Digər", "Другое")),
        ]),
        Vocabulary("legal_basis", Vocabularies.LegalBasis, new()
        {
            ["consent"] = new("Consent", "Razılıq", "Согласие"),
            ["vital_interest"] = new("Vital interest", "Həyati maraq", "Жизненно важные интересы"),
            ["public_interest"] = new("Public interest", "İctimai maraq", "Общественный интерес"),
            ["legitimate_interest"] = new("Legitimate interest", "Qanuni maraq", "Законный интерес"),
        }),
        new("yes_no",
        [
            new("yes", new("Yes", "Bəli", "Да")),
            new("no", new("No", "Xeyr", "Нет")),
        ]),
        Vocabulary("consent_given_by", Vocabularies.ConsentGivenBy, new()
        {
            ["survivor"] = new("The survivor", "Zərərçəkənin özü", "Сам(а) пострадавший(ая)"),
            ["guardian"] = new("A guardian", "Qəyyum", "Опекун"),
            ["representative"] = new("A representative", "Nümayəndə", "Представитель"),
        }),
        Vocabulary("service_type", Vocabularies.ServiceType, new()
        {
            ["medical"] = new("Medical care", "Tibbi yardım", "Медицинская помощь"),
            ["rehabilitation"] = new("Physical rehabilitation", "Fiziki reabilitasiya", "Физическая реабилитация"),
            ["psychosocial"] = new("Psychosocial support", "Psixososial dəstək", "Психосоциальная поддержка"),
            ["livelihood"] = new("Livelihood and income", "Dolanışıq və gəlir", "Средства к существованию"),
            ["education"] = new("Education", "Təhsil", "Образование"),
            ["legal"] = new("Legal aid", "Hüquqi yardım", "Юридическая помощь"),
        }),
        Vocabulary("urgency", Vocabularies.Urgency, new()
        {
            ["routine"] = new("Routine", "Adi", "Обычная"),
            ["priority"] = new("Priority", "Prioritet", "Приоритетная"),
            ["emergency"] = new("Emergency", "Təcili", "Экстренная"),
        }),
    ];

    /// <summary>A choice list holding exactly the vocabulary's values, in its order; a value without a label stops the app.</summary>
    private static FormChoiceList Vocabulary(string name, IReadOnlyList<string> vocabulary, Dictionary<string, FormText> labels)
    {
        if (labels.Count != vocabulary.Count || !vocabulary.All(labels.ContainsKey))
        {
            throw new InvalidOperationException($"The form's choice list {name} must label every value of its vocabulary, and only those.");
        }

        return new FormChoiceList(name, vocabulary.Select(value => new FormChoice(value, labels[value])).ToList());
    }
}
