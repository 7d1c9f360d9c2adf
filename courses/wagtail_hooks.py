from wagtail import hooks

from courses.demo import load_courses


@hooks.register("manara_load_demo")
def load_demo_courses(stdout) -> None:
    courses = load_courses()
    stdout.write(f"  courses: {len(courses)} (first aid also in Urdu)")


@hooks.register("manara_generate_scale_data")
def generate_course_scale_data(volunteers: int, stdout) -> None:
    from courses.scale import generate

    generate(volunteers=volunteers)
    stdout.write("  bench courses with 10 and all scale volunteers enrolled")
