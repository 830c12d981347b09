// SPDX-License-Identifier: GPL-2.0
/*
 * The nft_offload bus: /sys/bus/nft_offload/{new,del}_device and
 * {link,unlink}_ports, netdevsim-style.
 *
 *   echo "ID PORTS [BACKEND]" > new_device
 *   echo ID > del_device
 *   echo "ID:PORT ID:PORT" > link_ports
 *   echo "ID:PORT" > unlink_ports
 *
 * Bad input changes nothing and returns an error. Only CAP_NET_ADMIN may
 * write (the files are root-only too, but user namespaces make uid 0 cheap).
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "dev.h"

/*
 * nfto_devs_lock serializes device creation and removal and protects
 * nfto_devs. Taken before rtnl and before any device's hw.lock.
 */
static DEFINE_MUTEX(nfto_devs_lock);
static LIST_HEAD(nfto_devs);

static struct nfto_dev *nfto_dev_find(u32 id)
{
	struct nfto_dev *nd;

	lockdep_assert_held(&nfto_devs_lock);
	list_for_each_entry(nd, &nfto_devs, list)
		if (nd->id == id)
			return nd;
	return NULL;
}

static void nfto_dev_release(struct device *dev)
{
	struct nfto_dev *nd = container_of(dev, struct nfto_dev, dev);

	put_net(nd->net);
	kfree(nd);
}

static const struct device_type nfto_dev_type = {
	.name = "nft_offload",
	.release = nfto_dev_release,
};

static int nfto_bus_probe(struct device *dev)
{
	struct nfto_dev *nd = container_of(dev, struct nfto_dev, dev);

	nd->probe_err = nfto_dev_probe(nd);
	return nd->probe_err;
}

static void nfto_bus_remove(struct device *dev)
{
	nfto_dev_remove(container_of(dev, struct nfto_dev, dev));
}

static struct bus_type nfto_bus_type;

static struct device_driver nfto_driver = {
	.name	= "nft_offload",
	.bus	= &nfto_bus_type,
	.owner	= THIS_MODULE,
	/* Probe in new_device's context, so it can report the error. */
	.probe_type = PROBE_FORCE_SYNCHRONOUS,
};

/*
 * The input as words, strictly: sscanf()'s %u takes "4294967296" as 0 and
 * stops quietly at garbage, so numbers go through kstrtouint() (which
 * refuses overflow) and nothing may follow the last word.
 */
struct nfto_words {
	const char	*p;
};

/* Input with a NUL inside is not what the user wrote: refuse it. */
static bool nfto_words_init(struct nfto_words *w, const char *buf,
			    size_t count)
{
	w->p = buf;
	return strnlen(buf, count) == count;
}

/* The next word into @word (shorter than @len); false if none or longer. */
static bool nfto_word(struct nfto_words *w, char *word, size_t len)
{
	const char *s = skip_spaces(w->p);
	size_t n = 0;

	while (s[n] && !isspace(s[n]))
		n++;
	if (!n || n >= len)
		return false;
	memcpy(word, s, n);
	word[n] = '\0';
	w->p = s + n;
	return true;
}

static bool nfto_word_u32(struct nfto_words *w, u32 *val)
{
	char word[12];

	return nfto_word(w, word, sizeof(word)) && !kstrtou32(word, 10, val);
}

static bool nfto_words_end(struct nfto_words *w)
{
	return !*skip_spaces(w->p);
}

static ssize_t new_device_store(NFTO_BUS_TYPE_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	char name[NFTO_BACKEND_NAME_MAX + 1] = "";
	const struct nfto_backend_ops *ops;
	struct nfto_words w;
	struct nfto_dev *nd;
	u32 id, ports;
	bool named;
	int err;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;

	if (!nfto_words_init(&w, buf, count) || !nfto_word_u32(&w, &id) ||
	    !nfto_word_u32(&w, &ports)) {
		pr_err("new_device: expected \"ID PORTS [BACKEND]\" (numbers up to %u)\n",
		       U32_MAX);
		return -EINVAL;
	}
	named = !nfto_words_end(&w);
	if (named && (!nfto_word(&w, name, sizeof(name)) ||
		      !nfto_words_end(&w))) {
		pr_err("new_device: expected \"ID PORTS [BACKEND]\", a backend name of at most %u characters\n",
		       NFTO_BACKEND_NAME_MAX);
		return -EINVAL;
	}
	if (id > NFTO_MAX_ID) {
		pr_err("new_device: ID %u is above %u\n", id, NFTO_MAX_ID);
		return -EINVAL;
	}
	if (!ports || ports > NFTO_MAX_PORTS) {
		pr_err("new_device: %u ports, must be 1 to %u\n", ports,
		       NFTO_MAX_PORTS);
		return -EINVAL;
	}
	if (!named)
		nfto_default_backend(name, sizeof(name));

	/* Resolve (and maybe load) the backend before taking any lock. */
	ops = nfto_backend_get(name);
	if (!ops) {
		char list[128];

		nfto_backend_list(list, sizeof(list));
		pr_err("new_device: unknown backend '%s'; available: %s\n",
		       name, list[0] ? list : "none loaded");
		return -ENOENT;
	}

	nd = kzalloc(struct_size(nd, ports, ports), GFP_KERNEL);
	if (!nd) {
		nfto_backend_put(ops);
		return -ENOMEM;
	}
	nd->id = id;
	nd->num_ports = ports;
	nd->probe_ops = ops;
	nd->net = get_net(current->nsproxy->net_ns);

	mutex_lock(&nfto_devs_lock);
	if (nfto_dev_find(id)) {
		mutex_unlock(&nfto_devs_lock);
		pr_err("new_device: device %u exists already\n", id);
		nfto_backend_put(ops);
		put_net(nd->net);
		kfree(nd);
		return -EEXIST;
	}

	device_initialize(&nd->dev);
	nd->dev.bus = &nfto_bus_type;
	nd->dev.type = &nfto_dev_type;
	err = dev_set_name(&nd->dev, "nfto%u", id);
	if (!err)
		err = device_add(&nd->dev);
	if (err) {
		/* probe did not run: the backend reference is still ours */
		nfto_backend_put(ops);
		mutex_unlock(&nfto_devs_lock);
		put_device(&nd->dev);
		return err;
	}
	if (!nd->dev.driver) {
		/* probe ran and failed; it released the backend */
		err = nd->probe_err ?: -ENXIO;
		device_del(&nd->dev);
		mutex_unlock(&nfto_devs_lock);
		put_device(&nd->dev);
		return err;
	}
	list_add_tail(&nd->list, &nfto_devs);
	mutex_unlock(&nfto_devs_lock);
	return count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(NFTO_BUS_TYPE_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	struct nfto_words w;
	struct nfto_dev *nd;
	u32 id;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!nfto_words_init(&w, buf, count) || !nfto_word_u32(&w, &id) ||
	    !nfto_words_end(&w)) {
		pr_err("del_device: expected \"ID\"\n");
		return -EINVAL;
	}

	mutex_lock(&nfto_devs_lock);
	nd = nfto_dev_find(id);
	if (!nd) {
		mutex_unlock(&nfto_devs_lock);
		pr_err("del_device: no device %u\n", id);
		return -ENOENT;
	}
	list_del(&nd->list);
	device_unregister(&nd->dev);
	mutex_unlock(&nfto_devs_lock);
	return count;
}
static BUS_ATTR_WO(del_device);

/* "ID:PORT" -> port; under nfto_devs_lock. */
static struct nfto_port *nfto_port_parse(char *tok)
{
	char *colon = strchr(tok, ':');
	struct nfto_dev *nd;
	u32 id, index;

	if (!colon)
		return ERR_PTR(-EINVAL);
	*colon = '\0';
	if (kstrtou32(tok, 10, &id) || kstrtou32(colon + 1, 10, &index)) {
		*colon = ':';
		return ERR_PTR(-EINVAL);
	}
	*colon = ':';
	nd = nfto_dev_find(id);
	if (!nd || index >= nd->num_ports)
		return ERR_PTR(-ENOENT);
	return nd->ports[index];
}

static ssize_t link_ports_store(NFTO_BUS_TYPE_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	struct nfto_port *pa, *pb;
	struct nfto_words w;
	char a[24], b[24];
	int err;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!nfto_words_init(&w, buf, count) || !nfto_word(&w, a, sizeof(a)) ||
	    !nfto_word(&w, b, sizeof(b)) || !nfto_words_end(&w)) {
		pr_err("link_ports: expected \"ID:PORT ID:PORT\"\n");
		return -EINVAL;
	}

	mutex_lock(&nfto_devs_lock);
	pa = nfto_port_parse(a);
	pb = nfto_port_parse(b);
	if (IS_ERR(pa) || IS_ERR(pb)) {
		err = IS_ERR(pa) ? PTR_ERR(pa) : PTR_ERR(pb);
		pr_err("link_ports: %s '%s'\n",
		       err == -ENOENT ? "no such port" : "expected ID:PORT, got",
		       IS_ERR(pa) ? a : b);
	} else {
		err = nfto_port_link(pa, pb);
	}
	mutex_unlock(&nfto_devs_lock);
	return err ?: count;
}
static BUS_ATTR_WO(link_ports);

static ssize_t unlink_ports_store(NFTO_BUS_TYPE_CONST struct bus_type *bus,
				  const char *buf, size_t count)
{
	struct nfto_words w;
	struct nfto_port *p;
	char a[24];
	int err;

	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (!nfto_words_init(&w, buf, count) || !nfto_word(&w, a, sizeof(a)) ||
	    !nfto_words_end(&w)) {
		pr_err("unlink_ports: expected \"ID:PORT\"\n");
		return -EINVAL;
	}

	mutex_lock(&nfto_devs_lock);
	p = nfto_port_parse(a);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		pr_err("unlink_ports: %s '%s'\n",
		       err == -ENOENT ? "no such port" : "expected ID:PORT, got",
		       a);
	} else {
		err = nfto_port_unlink(p);
	}
	mutex_unlock(&nfto_devs_lock);
	return err ?: count;
}
static BUS_ATTR_WO(unlink_ports);

static struct attribute *nfto_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	&bus_attr_link_ports.attr,
	&bus_attr_unlink_ports.attr,
	NULL
};
ATTRIBUTE_GROUPS(nfto_bus);

static struct bus_type nfto_bus_type = {
	.name		= "nft_offload",
	.dev_name	= "nfto",
	.bus_groups	= nfto_bus_groups,
	.probe		= nfto_bus_probe,
	.remove		= nfto_bus_remove,
};

int nfto_bus_init(void)
{
	int err;

	err = bus_register(&nfto_bus_type);
	if (err)
		return err;
	err = driver_register(&nfto_driver);
	if (err)
		goto err_bus;
	return 0;

err_bus:
	bus_unregister(&nfto_bus_type);
	return err;
}

/* Removes every device: module unload with devices present is clean. */
void nfto_bus_exit(void)
{
	struct nfto_dev *nd, *tmp;

	mutex_lock(&nfto_devs_lock);
	list_for_each_entry_safe(nd, tmp, &nfto_devs, list) {
		list_del(&nd->list);
		device_unregister(&nd->dev);
	}
	mutex_unlock(&nfto_devs_lock);
	driver_unregister(&nfto_driver);
	bus_unregister(&nfto_bus_type);
}

/*
 * For the netlink family: call @fn on the devices of @net from index @skip
 * on, under nfto_devs_lock (so none can be removed meanwhile), until it
 * returns non-zero. Returns the index of the first device not done.
 */
int nfto_devs_walk(struct net *net, int skip,
		   int (*fn)(struct nfto_dev *nd, void *arg), void *arg)
{
	struct nfto_dev *nd;
	int idx = 0;

	mutex_lock(&nfto_devs_lock);
	list_for_each_entry(nd, &nfto_devs, list) {
		if (!net_eq(nd->net, net))
			continue;
		if (idx >= skip && fn(nd, arg))
			break;
		idx++;
	}
	mutex_unlock(&nfto_devs_lock);
	return idx;
}

/* Calls @fn on device @id under nfto_devs_lock; -ENODEV if none. */
int nfto_dev_call(u32 id, int (*fn)(struct nfto_dev *nd, void *arg),
		  void *arg)
{
	struct nfto_dev *nd;
	int err;

	mutex_lock(&nfto_devs_lock);
	nd = nfto_dev_find(id);
	err = nd ? fn(nd, arg) : -ENODEV;
	mutex_unlock(&nfto_devs_lock);
	return err;
}
