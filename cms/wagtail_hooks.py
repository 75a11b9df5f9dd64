from wagtail import hooks

from cms import demo


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = demo.load.order
