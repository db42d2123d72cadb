//! `bagdar serve` under stress: bursts of edits, files that vanish or turn into folders in
//! the middle of a rebuild, a broken template with pages open, source folders that come and go.
//! Each ends with the served output equal to a clean build.

use super::*;

fn guide_text(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\nreviewed: 2026-11-01\n---\n\n{body}\n")
}

/// Writes through a temporary file and a rename, as many editors save.
fn save_by_rename(path: &Path, text: &str) {
    let name = path.file_name().expect("name").to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.swp"));
    std::fs::write(&temp, text).expect("write");
    std::fs::rename(&temp, path).expect("rename");
}

#[test]
fn a_burst_of_two_hundred_writes_and_renames_ends_in_the_clean_build() {
    let site = Site::fixture("data_site");
    let (mut server, events) = start_listening(&site);
    let guides = site.root.join("content/guides");
    let csv = site.root.join("content/vacancies/vacancies.csv");
    let original_csv = std::fs::read_to_string(&csv).expect("csv");
    for i in 0..200 {
        let k = i % 17;
        match i % 5 {
            0 => std::fs::write(
                guides.join(format!("g{k}.en.md")),
                guide_text(&format!("Guide {k}, take {i}"), &format!("Text {i}.")),
            )
            .expect("write"),
            1 => save_by_rename(
                &guides.join(format!("g{k}.ru.md")),
                &guide_text(&format!("Путеводитель {k}, версия {i}"), "Текст."),
            ),
            2 => save_by_rename(
                &csv,
                &original_csv.replacen("Врач 0,", &format!("Врач {i},"), 1),
            ),
            3 => {
                let from = guides.join(format!("g{k}.en.md"));
                if from.exists() {
                    std::fs::rename(&from, guides.join(format!("h{k}.en.md"))).expect("rename");
                }
            }
            _ => std::fs::write(
                guides.join(format!("h{k}.kk.md")),
                guide_text(
                    &format!("Нұсқаулық {k}"),
                    &format!("Мәтін {i}, see [квота](@/guides/quota)."),
                ),
            )
            .expect("write"),
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    same_as_a_clean_build(&site, 1);
    server.assert_alive();
    // It still hears changes.
    edit(
        &guides.join("quota.en.md"),
        "title: \"Quota\"",
        "title: \"After the burst\"",
    );
    next_event(&events, "reload");
    same_as_a_clean_build(&site, 2);
    assert!(
        server
            .page("/en/guides/quota/")
            .contains("<title>After the burst")
    );
}

#[test]
fn files_that_vanish_or_turn_into_folders_mid_rebuild_never_stop_the_server() {
    let site = Site::fixture("data_site");
    let (mut server, events) = start_listening(&site);
    let guides = site.root.join("content/guides");
    let vacancies = site.root.join("content/vacancies");
    let csv = vacancies.join("vacancies.csv");
    let original_csv = std::fs::read_to_string(&csv).expect("csv");

    // Guides that exist for an instant, and a vacancy export deleted in the middle.
    for i in 0..150 {
        let path = guides.join(format!("flash{}.en.md", i % 7));
        std::fs::write(&path, guide_text("Flash", &format!("Gone soon {i}."))).expect("write");
        if i == 75 {
            std::fs::remove_file(vacancies.join("more.json")).expect("remove");
        }
        std::fs::remove_file(&path).expect("remove");
    }
    same_as_a_clean_build(&site, 1);
    server.assert_alive();

    // A guide replaced by a folder holding a guide: a clear error, the last good site stays.
    let odd = guides.join("odd.en.md");
    std::fs::write(&odd, guide_text("Odd", "A file for now.")).expect("write");
    same_as_a_clean_build(&site, 2);
    std::fs::remove_file(&odd).expect("remove");
    std::fs::create_dir(&odd).expect("mkdir");
    std::fs::write(odd.join("inner.en.md"), guide_text("Inner", "Inside.")).expect("write");
    // Writing and deleting the flash guides may have left problem events of their own (a guide
    // read while empty), so the one wanted is the one that names the folder.
    let problems = next_event_naming(&events, "problems", "content/guides/odd.en.md");
    assert!(problems.contains("file-layout"), "{problems}");
    server.assert_alive();
    assert!(server.page("/en/guides/odd/").contains("<title>Odd"));

    // The vacancy export replaced by a folder, then by a file again.
    std::fs::remove_file(&csv).expect("remove");
    std::fs::create_dir(&csv).expect("mkdir");
    std::fs::remove_dir_all(&odd).expect("remove folder");
    // A folder holds no export: its vacancies are gone until the file is back.
    server.status_until("/en/vacancies/p-000/", 404);
    server.assert_alive();
    std::fs::remove_dir(&csv).expect("remove folder");
    std::fs::write(&csv, &original_csv).expect("write");
    same_as_a_clean_build(&site, 3);
    server.assert_alive();
}

#[test]
fn a_broken_template_keeps_the_last_good_site_for_open_pages_until_it_is_fixed() {
    let site = Site::fixture("data_site");
    let (server, open) = start_listening(&site);
    let good = server.page("/en/guides/quota/");
    let on_disk = common::snapshot(&site.output());

    let base = site.root.join("themes/default/templates/base.html");
    edit(&base, "</body>", "{% if %}</body>");
    let problems = next_event(&open, "problems");
    let json: serde_json::Value = serde_json::from_str(&problems).expect("json");
    assert_eq!(
        json["problems"][0]["file"], "themes/default/templates/base.html",
        "{problems}"
    );
    assert_eq!(server.page("/en/guides/quota/"), good, "the last good page");
    assert_eq!(common::snapshot(&site.output()), on_disk, "nothing written");
    let late = events(server.port);
    assert!(next_event(&late, "problems").contains("base.html"));

    edit(&base, "{% if %}</body>", "<!-- fixed --></body>");
    for stream in [&open, &late] {
        let changed = next_event(stream, "reload");
        assert!(changed.contains("en/guides/quota/index.html"), "{changed}");
    }
    assert!(server.page("/en/guides/quota/").contains("<!-- fixed -->"));
    same_as_a_clean_build(&site, 1);
}

#[test]
fn source_folders_moved_away_and_back_or_created_later_are_watched() {
    let site = Site::fixture("data_site");
    let (server, events) = start_listening(&site);
    let content = site.root.join("content");
    let away = site.root.join("content-away");

    // Moved away (the guides are missing: an error) and back.
    std::fs::rename(&content, &away).expect("rename");
    next_event(&events, "problems");
    std::fs::rename(&away, &content).expect("rename");
    next_of(&events, &["ok", "reload"]);
    // An edit inside it is still seen.
    edit(
        &content.join("guides/quota.en.md"),
        "title: \"Quota\"",
        "title: \"Quota, moved back\"",
    );
    server.page_until("/en/guides/quota/", "<title>Quota, moved back");

    // A static folder created after the start: its files are copied, and their edits too.
    let statics = site.root.join("static");
    std::fs::create_dir(&statics).expect("mkdir");
    std::fs::write(statics.join("notice.txt"), "first").expect("write");
    same_as_a_clean_build(&site, 1);
    std::fs::write(statics.join("notice.txt"), "second").expect("write");
    same_as_a_clean_build(&site, 2);
    assert_eq!(server.get("/notice.txt").2, b"second");
}
