//! What the benchmarks share: a seeded customer generator, the search queries, percentiles.
#![allow(dead_code)]

use std::time::Duration;

use rand::rngs::StdRng;
use rand::Rng;
use serde_json::json;

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
];
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "小明", "建国",
];
pub const FIRST: &[&str] = &[
    "Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Ivy", "Jack", "Kate",
    "Liam", "Mia", "Noah", "Olivia", "Peter",
];
pub const LAST: &[&str] = &[
    "Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson",
    "Roberts", "Walker", "Wright",
];
pub const CITIES: &[&str] = &[
    "上海", "北京", "广州", "深圳", "杭州", "成都", "London", "Berlin", "Paris", "Sydney",
];
pub const TAGS: &[&str] = &["vip", "批发", "零售", "new", "老客户", "online"];

pub fn customer(rng: &mut StdRng, i: usize) -> serde_json::Value {
    let name = if rng.gen_bool(0.6) {
        format!(
            "{}{}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            GIVEN[rng.gen_range(0..GIVEN.len())]
        )
    } else {
        format!(
            "{} {}",
            FIRST[rng.gen_range(0..FIRST.len())],
            LAST[rng.gen_range(0..LAST.len())]
        )
    };
    json!({
        "name": format!("{name} {i}"),
        "email": format!("c{i}@example{}.com", rng.gen_range(0..50)),
        "phone": format!("+86 1{:02} {:04} {:04}", rng.gen_range(30..99), rng.gen_range(0..10000), rng.gen_range(0..10000)),
        "address": {"city": CITIES[rng.gen_range(0..CITIES.len())], "line1": format!("{} Road", rng.gen_range(1..999))},
        "tax_id": format!("TAX{:08}", rng.gen_range(0..100_000_000)),
        "tags": [TAGS[rng.gen_range(0..TAGS.len())]],
    })
}

pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

pub const QUERIES: &[&str] = &[
    "小明",
    "王",
    "建国",
    "smith",
    "alice",
    "c4242",
    "example7",
    "1388",
    "TAX0012",
    "berlin",
    "nobody-here",
];
pub const CHINESE_QUERIES: &[&str] = &["小明", "王", "建国", "秀英", "李强"];
