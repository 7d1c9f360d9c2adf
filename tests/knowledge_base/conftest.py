from tests.knowledge_base.fixtures import kb_index, kb_topic, make_article  # noqa: F401
