//! Deterministic synthetic vacancy exports: the bundled sample data and the large sets the
//! benchmarks build. The same seed always gives the same bytes, on every machine.
//!
//! Every generated row is marked `sample`, and employers are named «Образец…» ("sample"), so
//! generated data can never be mistaken for real offers.

/// A civil date (the synthetic data's "today" and the dates derived from it).
pub use jiff::civil::Date;

/// `date` moved by `days`, clamped to the calendar's range.
pub fn add_days(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(date)
}

use std::fmt::Write;

pub mod site;

/// A small, fast, seedable generator (SplitMix64): enough for test data, no dependency.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// (region id, weight, localities in Russian as exports write them).
const REGIONS: &[(&str, u64, &[&str])] = &[
    (
        "north-kazakhstan",
        9,
        &["Петропавловск", "Булаево", "Мамлютка", "Сергеевка"],
    ),
    (
        "pavlodar",
        8,
        &["Павлодар", "Экибастуз", "Аксу", "Щербакты"],
    ),
    (
        "east-kazakhstan",
        6,
        &["Усть-Каменогорск", "Риддер", "Зыряновск", "Шемонаиха"],
    ),
    (
        "kostanay",
        6,
        &["Костанай", "Рудный", "Лисаковск", "Житикара"],
    ),
    ("abai", 5, &["Семей", "Курчатов", "Аягоз", "Жарма"]),
    (
        "akmola",
        5,
        &["Кокшетау", "Степногорск", "Щучинск", "Атбасар"],
    ),
    ("ulytau", 3, &["Жезказган", "Сатпаев", "Улытау"]),
    (
        "karaganda",
        4,
        &["Караганда", "Темиртау", "Балхаш", "Шахтинск"],
    ),
    ("west-kazakhstan", 3, &["Уральск", "Аксай", "Чапаево"]),
    ("atyrau", 3, &["Атырау", "Кульсары", "Макат"]),
    ("aktobe", 2, &["Актобе", "Хромтау", "Кандыагаш"]),
    ("astana", 3, &["Астана"]),
    ("almaty", 3, &["Алматы"]),
    ("shymkent", 2, &["Шымкент"]),
    ("almaty-region", 2, &["Конаев", "Талгар", "Есик"]),
    ("jetisu", 2, &["Талдыкорган", "Текели", "Ушарал"]),
    ("jambyl", 1, &["Тараз", "Шу", "Каратау"]),
    ("kyzylorda", 1, &["Кызылорда", "Байконыр", "Аральск"]),
    ("mangystau", 1, &["Актау", "Жанаозен", "Бейнеу"]),
    ("turkistan", 1, &["Туркестан", "Кентау", "Сарыагаш"]),
];

/// (category, [kk, ru, en] titles, employer stem, salary floor in thousands of tenge).
const PROFESSIONS: &[(&str, [&str; 3], &str, u64)] = &[
    (
        "healthcare",
        [
            "Жалпы тәжірибелік дәрігер",
            "Врач общей практики",
            "General practitioner",
        ],
        "Образец-Мед",
        350,
    ),
    (
        "healthcare",
        ["Мейірбике", "Медицинская сестра", "Nurse"],
        "Образец-Мед",
        200,
    ),
    (
        "healthcare",
        ["Фельдшер", "Фельдшер", "Paramedic"],
        "Образец-Мед",
        220,
    ),
    (
        "education",
        [
            "Бастауыш сынып мұғалімі",
            "Учитель начальных классов",
            "Primary school teacher",
        ],
        "Образец-Білім",
        230,
    ),
    (
        "education",
        [
            "Математика пәнінің мұғалімі",
            "Учитель математики",
            "Mathematics teacher",
        ],
        "Образец-Білім",
        240,
    ),
    (
        "education",
        [
            "Тәрбиеші",
            "Воспитатель детского сада",
            "Kindergarten teacher",
        ],
        "Образец-Білім",
        180,
    ),
    (
        "veterinary",
        ["Ветеринар дәрігер", "Ветеринарный врач", "Veterinarian"],
        "Образец-Вет",
        250,
    ),
    (
        "veterinary",
        [
            "Ветеринар фельдшер",
            "Ветеринарный фельдшер",
            "Veterinary technician",
        ],
        "Образец-Вет",
        190,
    ),
    (
        "agriculture",
        ["Агроном", "Агроном", "Agronomist"],
        "Образец-Агро",
        260,
    ),
    (
        "agriculture",
        ["Механизатор", "Механизатор", "Tractor and combine operator"],
        "Образец-Агро",
        240,
    ),
    (
        "agriculture",
        ["Мал өсіруші", "Животновод", "Livestock farmer"],
        "Образец-Агро",
        170,
    ),
    (
        "construction",
        ["Дәнекерлеуші", "Сварщик", "Welder"],
        "Образец-Строй",
        300,
    ),
    (
        "construction",
        ["Тас қалаушы", "Каменщик", "Bricklayer"],
        "Образец-Строй",
        260,
    ),
    (
        "construction",
        ["Электромонтер", "Электромонтёр", "Electrician"],
        "Образец-Строй",
        280,
    ),
    (
        "transport",
        [
            "Жүк көлігінің жүргізушісі",
            "Водитель грузового автомобиля",
            "Truck driver",
        ],
        "Образец-Транс",
        280,
    ),
    (
        "transport",
        ["Автобус жүргізушісі", "Водитель автобуса", "Bus driver"],
        "Образец-Транс",
        250,
    ),
    (
        "industry",
        [
            "Слесарь-жөндеуші",
            "Слесарь-ремонтник",
            "Maintenance fitter",
        ],
        "Образец-Пром",
        320,
    ),
    (
        "industry",
        [
            "Станок операторы",
            "Оператор станков с ЧПУ",
            "CNC machine operator",
        ],
        "Образец-Пром",
        330,
    ),
    (
        "energy",
        [
            "Жылу желілерінің слесарі",
            "Слесарь тепловых сетей",
            "Heating network fitter",
        ],
        "Образец-Энерго",
        270,
    ),
    (
        "energy",
        [
            "Электр желілерінің электромонтері",
            "Электромонтёр линейных сетей",
            "Power line technician",
        ],
        "Образец-Энерго",
        300,
    ),
    (
        "services",
        ["Сатушы-кассир", "Продавец-кассир", "Sales cashier"],
        "Образец-Сауда",
        150,
    ),
    ("services", ["Аспаз", "Повар", "Cook"], "Образец-Сауда", 180),
    (
        "it",
        [
            "Жүйелік әкімші",
            "Системный администратор",
            "System administrator",
        ],
        "Образец-IT",
        380,
    ),
    (
        "it",
        ["Бағдарламашы", "Программист", "Software developer"],
        "Образец-IT",
        500,
    ),
];

const SCHEDULES: &[&str] = &[
    "5/2, 9:00–18:00",
    "2/2, 8:00–20:00",
    "вахта 15/15",
    "6/1, 8:00–17:00",
];
const EMPLOYMENT: &[&str] = &[
    "full-time",
    "full-time",
    "full-time",
    "part-time",
    "temporary",
    "seasonal",
    "shift",
];
const EXPERIENCE: &[&str] = &["без опыта", "от 1 года", "от 3 лет"];
const LANGUAGES: &[&str] = &["казахский, русский", "русский", "казахский"];

/// The CSV header of generated exports (a subset of the accepted columns).
pub const CSV_HEADER: &str = "id,title_kk,title_ru,title_en,employer,region,locality,category,salary_min,salary_max,\
employment,schedule,housing,experience,languages,requirements,contact,posted,expires,sample";

/// Writes `count` synthetic vacancies as CSV. Posting dates fall in the 90 days before
/// `today`; about one in twenty has already expired, so a build shows the skipping; the rest
/// stay open for 30–240 days.
pub fn vacancies_csv(count: usize, seed: u64, today: Date) -> String {
    let mut rng = SplitMix64::new(seed);
    let total_weight: u64 = REGIONS.iter().map(|r| r.1).sum();
    let mut out = String::with_capacity(count * 300);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for i in 0..count {
        let mut roll = rng.below(total_weight);
        let (region, _, localities) = REGIONS
            .iter()
            .find(|(_, weight, _)| {
                let hit = roll < *weight;
                roll = roll.saturating_sub(*weight);
                hit
            })
            .unwrap_or(&REGIONS[0]);
        let (category, titles, employer, floor) = rng.pick(PROFESSIONS);
        let locality = rng.pick(localities);
        let salary_min = (floor + rng.below(12) * 10) * 1000;
        let salary_max = salary_min + rng.below(16) * 10_000;
        let with_salary = rng.below(10) > 0;
        let (posted, expires) = if rng.below(20) == 0 {
            let expires = add_days(today, -1 - rng.below(20) as i32);
            (add_days(expires, -30 - rng.below(60) as i32), expires)
        } else {
            (
                add_days(today, -(rng.below(90) as i32)),
                add_days(today, 30 + rng.below(210) as i32),
            )
        };
        let housing = rng.below(3) == 0;
        let rural = localities.first() != Some(locality);
        let requirements = match (*category, rural) {
            ("healthcare" | "education" | "veterinary", true) => {
                "диплом по специальности; участие в программе «С дипломом – в село!» возможно"
            }
            _ => "документ об образовании или опыте; медицинская справка",
        };
        let _ = writeln!(
            out,
            "s{seed}-{i:06},{},{},{},ТОО «{employer}-{}»,{region},{locality},{category},{},{},{},\"{}\",{},{},\"{}\",{},+7 700 000 {:02} {:02},{posted},{expires},yes",
            titles[0],
            titles[1],
            titles[2],
            rng.below(90) + 10,
            if with_salary {
                salary_min.to_string()
            } else {
                String::new()
            },
            if with_salary {
                salary_max.to_string()
            } else {
                String::new()
            },
            rng.pick(EMPLOYMENT),
            rng.pick(SCHEDULES),
            if housing { "yes" } else { "no" },
            rng.pick(EXPERIENCE),
            rng.pick(LANGUAGES),
            requirements,
            rng.below(100),
            rng.below(100),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let today: Date = "2026-11-23".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(vacancies_csv(50, 7, today), vacancies_csv(50, 7, today));
        assert_ne!(vacancies_csv(50, 7, today), vacancies_csv(50, 8, today));
        assert_eq!(vacancies_csv(50, 7, today).lines().count(), 51);
    }
}
