from wagtail import hooks

from courses.demo import load_courses


@hooks.register("manara_load_demo")
def load_demo_courses(stdout) -> None:
    courses = load_courses()
    stdout.write(f"  courses: {len(courses)} (first aid also in Urdu)")
